#include "artifacts/ArtifactPreview.h"

#include "artifacts/CsvPreviewModel.h"
#include "artifacts/DiffHighlighter.h"
#include "artifacts/ImagePreview.h"
#include "artifacts/JsonTreeModel.h"
#include "logs/LogTextView.h"

#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStringDecoder>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {
// The first step is small so the first screen of a huge text shows at once; later ones index the rest.
constexpr qint64 kFirstIndexStep = 1 << 20;
constexpr qint64 kIndexStep = 64 << 20;

enum class NameKind { Text, Json, Csv, Tsv, Image, Diff, Unknown };

NameKind nameKind(const QString& fileName)
{
    const QFileInfo info(fileName);
    const QString name = info.fileName().toLower();
    const QString suffix = info.suffix().toLower();
    if (name == QLatin1String("git.diff") || suffix == QLatin1String("diff") ||
        suffix == QLatin1String("patch"))
        return NameKind::Diff;
    if (suffix == QLatin1String("json") || suffix == QLatin1String("ipynb"))
        return NameKind::Json;
    if (suffix == QLatin1String("csv"))
        return NameKind::Csv;
    if (suffix == QLatin1String("tsv"))
        return NameKind::Tsv;
    static const QStringList images{QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"),
                                    QStringLiteral("gif"), QStringLiteral("bmp"), QStringLiteral("svg")};
    if (images.contains(suffix))
        return NameKind::Image;
    static const QStringList texts{QStringLiteral("txt"),  QStringLiteral("log"),  QStringLiteral("out"),
                                   QStringLiteral("err"),  QStringLiteral("md"),   QStringLiteral("py"),
                                   QStringLiteral("yaml"), QStringLiteral("yml"),  QStringLiteral("jsonl"),
                                   QStringLiteral("toml"), QStringLiteral("ini"),  QStringLiteral("cfg"),
                                   QStringLiteral("sh"),   QStringLiteral("xml"),  QStringLiteral("html"),
                                   QStringLiteral("rst"),  QStringLiteral("conf"), QStringLiteral("r")};
    if (texts.contains(suffix))
        return NameKind::Text;
    return NameKind::Unknown;
}

// Text is what has no NUL byte and decodes as UTF-8 (a sequence cut at the end of the sample is fine).
bool looksLikeText(const QByteArray& sample)
{
    if (sample.contains('\0'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(sample.left(sample.size() - 3));
    return !decoder.hasError();
}
} // namespace

struct ArtifactPreview::Loaded {
    quint64 generation = 0;
    QString path;
    QString error;
    qint64 size = -1;
    bool isFolder = false;
    Kind kind = Kind::Message;
    QJsonDocument json;
    QString jsonError;
    bool jsonTooBig = false;
    CsvPreviewModel::Table table;
    ImagePreview::Decoded image;
    QString diffText;
};

ArtifactPreview::ArtifactPreview(QWidget* parent) : QWidget(parent)
{
    setAccessibleName(tr("Preview"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("previewSummary"));
    m_summary->setAccessibleName(tr("Previewed file"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_showAsText = new QPushButton(tr("Show as Text"), this);
    m_showAsText->setObjectName(QStringLiteral("previewShowAsText"));
    m_showAsText->setVisible(false);
    connect(m_showAsText, &QPushButton::clicked, this, &ArtifactPreview::showAsText);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("previewMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_textView = new LogTextView(this);
    m_textView->setObjectName(QStringLiteral("previewText"));
    m_textView->setAccessibleName(tr("File text"));
    m_jsonModel = new JsonTreeModel(this);
    m_jsonView = new QTreeView(this);
    m_jsonView->setObjectName(QStringLiteral("previewJson"));
    m_jsonView->setAccessibleName(tr("JSON tree"));
    m_jsonView->setModel(m_jsonModel);
    m_jsonView->setUniformRowHeights(true);
    m_jsonView->header()->setSectionResizeMode(JsonTreeModel::KeyColumn, QHeaderView::Interactive);
    m_csvModel = new CsvPreviewModel(this);
    m_csvView = new QTableView(this);
    m_csvView->setObjectName(QStringLiteral("previewTable"));
    m_csvView->setAccessibleName(tr("Table"));
    m_csvView->setModel(m_csvModel);
    m_csvView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_csvView->verticalHeader()->setDefaultSectionSize(m_csvView->fontMetrics().height() + 6);
    m_image = new ImagePreview(this);
    m_image->setObjectName(QStringLiteral("previewImage"));
    m_diffView = new QPlainTextEdit(this);
    m_diffView->setObjectName(QStringLiteral("previewDiff"));
    m_diffView->setAccessibleName(tr("Diff"));
    m_diffView->setReadOnly(true);
    m_diffView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_diffView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new DiffHighlighter(m_diffView->document());

    m_stack = new QStackedWidget(this);
    for (QWidget* page : {static_cast<QWidget*>(m_message), static_cast<QWidget*>(m_textView),
                          static_cast<QWidget*>(m_jsonView), static_cast<QWidget*>(m_csvView),
                          static_cast<QWidget*>(m_image), static_cast<QWidget*>(m_diffView)})
        m_stack->addWidget(page);

    auto* header = new QHBoxLayout;
    header->addWidget(m_summary, 1);
    header->addWidget(m_showAsText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);
    showMessage(tr("Select a file to preview it."));
}

ArtifactPreview::~ArtifactPreview()
{
    if (m_textIndex)
        m_textIndex->cancel();
}

ArtifactPreview::Kind ArtifactPreview::kindForName(const QString& fileName)
{
    switch (nameKind(fileName)) {
    case NameKind::Json:
        return Kind::Json;
    case NameKind::Csv:
    case NameKind::Tsv:
        return Kind::Csv;
    case NameKind::Image:
        return Kind::Image;
    case NameKind::Diff:
        return Kind::Diff;
    case NameKind::Text:
    case NameKind::Unknown:
        break;
    }
    return Kind::Text;
}

QString ArtifactPreview::summary() const
{
    return m_summary->text();
}

QString ArtifactPreview::message() const
{
    return m_message->text();
}

void ArtifactPreview::showMessage(const QString& text)
{
    ++m_generation;
    if (m_textIndex)
        m_textIndex->cancel();
    m_textIndex.reset();
    m_textView->setIndex(nullptr);
    m_loading = false;
    m_fileName.clear();
    m_path.clear();
    m_locate = nullptr;
    m_kind = Kind::Message;
    m_summary->clear();
    m_showAsText->setVisible(false);
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

void ArtifactPreview::showFile(const QString& absolutePath)
{
    showFile(absolutePath, [absolutePath](QString*) { return absolutePath; });
}

void ArtifactPreview::showFile(const QString& displayName, std::function<QString(QString*)> locate)
{
    start(displayName, std::move(locate), false);
}

void ArtifactPreview::showAsText()
{
    if (m_locate)
        start(m_fileName, m_locate, true);
}

void ArtifactPreview::start(const QString& displayName, std::function<QString(QString*)> locate,
                            bool forceText)
{
    const QString name = QFileInfo(displayName).fileName();
    showMessage(tr("Loading %1…").arg(name));
    m_fileName = name;
    m_locate = locate;
    m_loading = true;
    const quint64 generation = m_generation;
    auto* watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher] {
        watcher->deleteLater();
        apply(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([generation, locate, forceText, name] {
        Loaded loaded;
        loaded.generation = generation;
        loaded.path = locate(&loaded.error);
        if (loaded.path.isEmpty()) {
            if (loaded.error.isEmpty())
                loaded.error = tr("The file is not on this machine.");
            return loaded;
        }
        const QFileInfo info(loaded.path);
        if (info.isDir()) {
            loaded.isFolder = true;
            return loaded;
        }
        if (!info.exists()) {
            loaded.error = tr("%1 does not exist (any more).").arg(loaded.path);
            return loaded;
        }
        loaded.size = info.size();
        const NameKind byName = forceText ? NameKind::Text : nameKind(name);
        switch (byName) {
        case NameKind::Json: {
            loaded.kind = Kind::Json;
            if (loaded.size > kJsonLimitBytes) {
                loaded.jsonTooBig = true;
                break;
            }
            QFile file(loaded.path);
            if (!file.open(QIODevice::ReadOnly)) {
                loaded.error = tr("Cannot read %1: %2").arg(loaded.path, file.errorString());
                break;
            }
            QJsonParseError parseError;
            loaded.json = QJsonDocument::fromJson(file.readAll(), &parseError);
            if (parseError.error != QJsonParseError::NoError)
                loaded.jsonError =
                    tr("not valid JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset);
            break;
        }
        case NameKind::Csv:
        case NameKind::Tsv:
            loaded.kind = Kind::Csv;
            loaded.table = CsvPreviewModel::read(loaded.path, byName == NameKind::Tsv ? QLatin1Char('\t')
                                                                                      : QLatin1Char(','));
            break;
        case NameKind::Image:
            loaded.kind = Kind::Image;
            loaded.image = ImagePreview::decode(loaded.path);
            break;
        case NameKind::Diff: {
            loaded.kind = Kind::Diff;
            QFile file(loaded.path);
            if (!file.open(QIODevice::ReadOnly)) {
                loaded.error = tr("Cannot read %1: %2").arg(loaded.path, file.errorString());
                break;
            }
            loaded.diffText = QString::fromUtf8(file.read(kDiffLimitBytes));
            break;
        }
        case NameKind::Text:
            loaded.kind = Kind::Text;
            break;
        case NameKind::Unknown: {
            QFile file(loaded.path);
            if (!file.open(QIODevice::ReadOnly)) {
                loaded.error = tr("Cannot read %1: %2").arg(loaded.path, file.errorString());
                break;
            }
            loaded.kind = looksLikeText(file.read(kSniffBytes)) ? Kind::Text : Kind::Unsupported;
            break;
        }
        }
        return loaded;
    }));
}

void ArtifactPreview::setSummary(const QString& detail)
{
    QStringList parts{m_fileName};
    if (m_size >= 0)
        parts << QLocale().formattedDataSize(m_size);
    if (!detail.isEmpty())
        parts << detail;
    m_summary->setText(parts.join(QStringLiteral(" · ")));
}

void ArtifactPreview::apply(const Loaded& result)
{
    if (result.generation != m_generation)
        return; // another file was chosen meanwhile
    m_loading = false;
    m_path = result.path;
    m_size = result.size;
    const QLocale locale;
    if (result.isFolder) {
        m_kind = Kind::Message;
        m_message->setText(tr("%1 is a folder.").arg(m_fileName));
        m_stack->setCurrentWidget(m_message);
        emit loaded();
        return;
    }
    if (!result.error.isEmpty()) {
        m_kind = Kind::Message;
        setSummary({});
        m_message->setText(tr("Cannot preview %1: %2").arg(m_fileName, result.error));
        m_stack->setCurrentWidget(m_message);
        emit loaded();
        return;
    }
    switch (result.kind) {
    case Kind::Json:
        if (result.jsonTooBig) {
            m_kind = Kind::Message;
            setSummary(tr("too big for the JSON tree"));
            m_message->setText(
                tr("%1 is %2, more than the JSON tree shows (%3). Its text can be shown instead.")
                    .arg(m_fileName, locale.formattedDataSize(m_size),
                         locale.formattedDataSize(kJsonLimitBytes)));
            m_showAsText->setVisible(true);
            m_stack->setCurrentWidget(m_message);
            break;
        }
        if (!result.jsonError.isEmpty()) {
            // What does not parse is still worth reading: its text, saying why there is no tree.
            showText(result.path);
            setSummary(tr("%1, shown as text").arg(result.jsonError));
            return;
        }
        m_kind = Kind::Json;
        m_jsonModel->setDocument(result.json);
        m_jsonView->expandToDepth(0);
        m_jsonView->resizeColumnToContents(JsonTreeModel::KeyColumn);
        setSummary(result.json.isArray()
                       ? tr("array of %n item(s)", nullptr, int(result.json.array().size()))
                       : tr("object of %n key(s)", nullptr, int(result.json.object().size())));
        m_showAsText->setVisible(true);
        m_stack->setCurrentWidget(m_jsonView);
        break;
    case Kind::Csv:
        m_kind = Kind::Csv;
        m_csvModel->setTable(result.table);
        setSummary(result.table.error.isEmpty() ? CsvPreviewModel::summary(result.table)
                                                : result.table.error);
        m_showAsText->setVisible(true);
        m_stack->setCurrentWidget(m_csvView);
        break;
    case Kind::Image:
        m_kind = Kind::Image;
        m_image->setImage(result.image);
        setSummary(result.image.error.isEmpty()
                       ? tr("%1 × %2").arg(result.image.size.width()).arg(result.image.size.height())
                       : result.image.error);
        m_stack->setCurrentWidget(m_image);
        break;
    case Kind::Diff:
        m_kind = Kind::Diff;
        m_diffView->setPlainText(result.diffText);
        setSummary(m_size > kDiffLimitBytes
                       ? tr("its first %1 shown").arg(locale.formattedDataSize(kDiffLimitBytes))
                       : QString());
        m_showAsText->setVisible(true);
        m_stack->setCurrentWidget(m_diffView);
        break;
    case Kind::Text:
        showText(result.path);
        setSummary({});
        return;
    case Kind::Unsupported:
    case Kind::Message:
        m_kind = Kind::Unsupported;
        setSummary({});
        m_message->setText(tr("No preview for this file type (%1).").arg(locale.formattedDataSize(m_size)));
        m_stack->setCurrentWidget(m_message);
        break;
    }
    emit loaded();
}

void ArtifactPreview::showText(const QString& path)
{
    m_kind = Kind::Text;
    m_showAsText->setVisible(false);
    if (m_textIndex)
        m_textIndex->cancel();
    m_textIndex = std::make_shared<LogIndex>(path);
    m_textView->setIndex(m_textIndex);
    m_stack->setCurrentWidget(m_textView);
    m_indexing = false;
    indexStep();
}

void ArtifactPreview::indexStep()
{
    if (!m_textIndex || m_indexing)
        return;
    m_indexing = true;
    const std::shared_ptr<LogIndex> index = m_textIndex;
    const bool first = index->indexedBytes() == 0 && index->lineCount() == 0;
    const qint64 step = first ? kFirstIndexStep : kIndexStep;
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, index, first] {
        watcher->deleteLater();
        if (index != m_textIndex)
            return;
        m_indexing = false;
        const QString error = watcher->result();
        m_textView->indexChanged();
        if (!error.isEmpty())
            setSummary(error);
        if (first)
            emit loaded();
        if (error.isEmpty() && index->indexedBytes() < index->fileSize())
            indexStep();
    });
    watcher->setFuture(QtConcurrent::run([index, step] {
        QString error;
        index->update(step, &error);
        return error;
    }));
}
