// The image preview: a PNG, JPEG (anything QImageReader reads) or SVG file, decoded on a worker thread,
// shown scaled down to fit the pane (never enlarged) or at 100 %, scrollable.
#pragma once

#include <QImage>
#include <QWidget>

class QLabel;
class QScrollArea;
class QToolButton;

class ImagePreview : public QWidget
{
    Q_OBJECT
public:
    explicit ImagePreview(QWidget* parent = nullptr);

    struct Decoded {
        QImage image;
        QSize size; // the image's own size (an SVG's default size)
        QString format;
        QString error;
    };
    // Reads the file; safe on any thread. SVG is drawn at its default size (when Qt SVG is in the build).
    static Decoded decode(const QString& path);
    static bool svgSupported();

    void setImage(const Decoded& decoded);
    void clear();

    QSize imageSize() const { return m_decoded.size; }
    QString format() const { return m_decoded.format; }
    // Fit (scaled down to the pane) or 100 %.
    bool isFitting() const { return m_fit; }
    void setFitting(bool fit);
    // The size the image is drawn at now.
    QSize shownSize() const;
    QToolButton* fitButton() const { return m_fitButton; }
    QToolButton* actualSizeButton() const { return m_actualButton; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updatePixmap();

    Decoded m_decoded;
    bool m_fit = true;
    QScrollArea* m_scroll = nullptr;
    QLabel* m_label = nullptr;
    QLabel* m_info = nullptr;
    QToolButton* m_fitButton = nullptr;
    QToolButton* m_actualButton = nullptr;
};
