// The preview pane of the artifacts browser: shows the selected run file by its kind, read on worker threads
// so that no file, however big, holds up the window; a result that arrives after another file was chosen is
// dropped.
//   text and logs   the log viewer's LogTextView over a LogIndex: only the lines on screen are read
//   JSON            a tree of keys, values and types (JsonTreeModel); a file over kJsonLimitBytes, or one
//                   that does not parse, says so and offers the text view
//   CSV / TSV       a table of the first 10,000 rows (CsvPreviewModel), saying how many there are
//   PNG, JPEG, SVG  ImagePreview: scaled to fit, or at 100 %
//   *.diff, *.patch a coloured diff (DiffHighlighter), its first kDiffLimitBytes
//   anything else   text when its first bytes look like text, otherwise "No preview for this file type"
#pragma once

#include "logs/LogIndex.h"

#include <QWidget>

#include <functional>
#include <memory>

class CsvPreviewModel;
class ImagePreview;
class JsonTreeModel;
class LogTextView;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTreeView;

class ArtifactPreview : public QWidget
{
    Q_OBJECT
public:
    enum class Kind { Message, Text, Json, Csv, Image, Diff, Unsupported };

    static constexpr qint64 kJsonLimitBytes = 8 << 20;
    static constexpr qint64 kDiffLimitBytes = 1 << 20;
    static constexpr qint64 kSniffBytes = 8192;

    explicit ArtifactPreview(QWidget* parent = nullptr);
    ~ArtifactPreview() override;

    // Previews the file at `absolutePath`.
    void showFile(const QString& absolutePath);
    // Previews a file whose path is only known after some work (a snapshot file written out first): `locate`
    // runs on a worker and returns the path, or empty with *error set.
    void showFile(const QString& displayName, std::function<QString(QString* error)> locate);
    // A line of text instead of a preview ("Select a file…", a folder).
    void showMessage(const QString& text);
    // Of a JSON file too big for the tree or not parsable: its text instead.
    void showAsText();

    // The kind decided by the file's name; Text for names that say nothing (their first bytes decide then).
    static Kind kindForName(const QString& fileName);

    Kind kind() const { return m_kind; }
    QString fileName() const { return m_fileName; }
    // The line above the preview: name, size and what is shown ("first 10,000 of 52,000 rows").
    QString summary() const;
    // The text of the message page (for Message and Unsupported, and for what could not be shown).
    QString message() const;
    bool isLoading() const { return m_loading; }

    LogTextView* textView() const { return m_textView; }
    QTreeView* jsonView() const { return m_jsonView; }
    JsonTreeModel* jsonModel() const { return m_jsonModel; }
    QTableView* csvView() const { return m_csvView; }
    CsvPreviewModel* csvModel() const { return m_csvModel; }
    ImagePreview* imagePreview() const { return m_image; }
    QPlainTextEdit* diffView() const { return m_diffView; }
    QPushButton* showAsTextButton() const { return m_showAsText; }
    // The index behind the text view (nullptr when another kind is shown).
    std::shared_ptr<LogIndex> textIndex() const { return m_textIndex; }

signals:
    // The chosen file is shown (or its message is); for a text file its first lines are indexed.
    void loaded();

private:
    struct Loaded;
    void start(const QString& displayName, std::function<QString(QString*)> locate, bool forceText);
    void apply(const Loaded& loaded);
    void showText(const QString& path);
    void indexStep();
    void setSummary(const QString& detail);

    quint64 m_generation = 0;
    Kind m_kind = Kind::Message;
    bool m_loading = false;
    QString m_fileName;
    QString m_path;
    qint64 m_size = -1;
    std::function<QString(QString*)> m_locate;
    std::shared_ptr<LogIndex> m_textIndex;
    bool m_indexing = false;

    QLabel* m_summary = nullptr;
    QPushButton* m_showAsText = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_message = nullptr;
    LogTextView* m_textView = nullptr;
    QTreeView* m_jsonView = nullptr;
    JsonTreeModel* m_jsonModel = nullptr;
    QTableView* m_csvView = nullptr;
    CsvPreviewModel* m_csvModel = nullptr;
    ImagePreview* m_image = nullptr;
    QPlainTextEdit* m_diffView = nullptr;
};
