#include "artifacts/ImagePreview.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

#ifdef TRAINYARD_HAVE_QT_SVG
#include <QSvgRenderer>
#endif

ImagePreview::ImagePreview(QWidget* parent) : QWidget(parent)
{
    m_fitButton = new QToolButton(this);
    m_fitButton->setObjectName(QStringLiteral("imageFitButton"));
    m_fitButton->setText(tr("Fit"));
    m_fitButton->setCheckable(true);
    m_fitButton->setChecked(true);
    m_fitButton->setToolTip(tr("Scale the image down to fit the pane"));
    m_actualButton = new QToolButton(this);
    m_actualButton->setObjectName(QStringLiteral("imageActualSizeButton"));
    m_actualButton->setText(tr("100%"));
    m_actualButton->setCheckable(true);
    m_actualButton->setToolTip(tr("Show the image at its own size"));
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("imageInfo"));
    m_info->setAccessibleName(tr("Image size"));
    connect(m_fitButton, &QToolButton::clicked, this, [this] { setFitting(true); });
    connect(m_actualButton, &QToolButton::clicked, this, [this] { setFitting(false); });

    m_label = new QLabel;
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setAccessibleName(tr("Image"));
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_label);
    m_scroll->setWidgetResizable(true);
    m_scroll->setAlignment(Qt::AlignCenter);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_fitButton);
    bar->addWidget(m_actualButton);
    bar->addWidget(m_info, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_scroll, 1);
}

bool ImagePreview::svgSupported()
{
#ifdef TRAINYARD_HAVE_QT_SVG
    return true;
#else
    return false;
#endif
}

ImagePreview::Decoded ImagePreview::decode(const QString& path)
{
    Decoded decoded;
    if (QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
        decoded.format = QStringLiteral("SVG");
#ifdef TRAINYARD_HAVE_QT_SVG
        QSvgRenderer renderer(path);
        if (!renderer.isValid()) {
            decoded.error = tr("Not a readable SVG image.");
            return decoded;
        }
        decoded.size = renderer.defaultSize();
        // A drawing without a size of its own, or an absurd one, is drawn at a size a pane can show.
        const QSize drawn =
            decoded.size.isEmpty() ? QSize(512, 512) : decoded.size.boundedTo(QSize(8192, 8192));
        decoded.image = QImage(drawn, QImage::Format_ARGB32_Premultiplied);
        decoded.image.fill(Qt::transparent);
        QPainter painter(&decoded.image);
        renderer.render(&painter);
#else
        decoded.error = tr("This build of Trainyard has no SVG support.");
#endif
        return decoded;
    }
    QImageReader reader(path);
    decoded.format = QString::fromLatin1(reader.format()).toUpper();
    decoded.size = reader.size();
    if (!reader.read(&decoded.image)) {
        decoded.error = tr("The image cannot be read: %1").arg(reader.errorString());
        return decoded;
    }
    decoded.size = decoded.image.size();
    return decoded;
}

void ImagePreview::setImage(const Decoded& decoded)
{
    m_decoded = decoded;
    if (!decoded.error.isEmpty()) {
        m_label->setPixmap({});
        m_label->setText(decoded.error);
        m_info->setText(decoded.format);
        return;
    }
    m_info->setText(
        tr("%1 · %2 × %3").arg(decoded.format).arg(decoded.size.width()).arg(decoded.size.height()));
    updatePixmap();
}

void ImagePreview::clear()
{
    setImage({});
}

void ImagePreview::setFitting(bool fit)
{
    m_fit = fit;
    m_fitButton->setChecked(fit);
    m_actualButton->setChecked(!fit);
    updatePixmap();
}

QSize ImagePreview::shownSize() const
{
    if (m_decoded.image.isNull())
        return {};
    const QSize own = m_decoded.image.size();
    if (!m_fit)
        return own;
    const QSize room = m_scroll->viewport()->size();
    return own.width() <= room.width() && own.height() <= room.height()
               ? own
               : own.scaled(room, Qt::KeepAspectRatio);
}

void ImagePreview::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_fit)
        updatePixmap();
}

void ImagePreview::updatePixmap()
{
    if (m_decoded.image.isNull()) {
        if (m_decoded.error.isEmpty())
            m_label->clear();
        return;
    }
    m_scroll->setWidgetResizable(m_fit);
    const QSize size = shownSize();
    const QImage shown = size == m_decoded.image.size()
                             ? m_decoded.image
                             : m_decoded.image.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    m_label->setPixmap(QPixmap::fromImage(shown));
    if (!m_fit)
        m_label->resize(shown.size());
}
