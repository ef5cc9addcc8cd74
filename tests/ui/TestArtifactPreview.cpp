// GUI tests for the artifact preview pane on real widgets and real files: a JSON tree with its keys (and a
// big JSON file offering its text instead), a CSV table capped at 10,000 rows and saying so, PNG and SVG at
// their size (fit and 100 %), a coloured diff, "no preview" for a binary file, a huge text file shown without
// being read whole, a stale result dropped, and the browser previewing what is selected, snapshot files too.
#include <QtTest>

#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "artifacts/ArtifactPreview.h"
#include "artifacts/ArtifactsBrowser.h"
#include "artifacts/CsvPreviewModel.h"
#include "artifacts/DiffHighlighter.h"
#include "artifacts/ImagePreview.h"
#include "artifacts/JsonTreeModel.h"
#include "artifacts/RunFilesModel.h"
#include "logs/LogTextView.h"
#include "snapshot/SnapshotStore.h"
#include "workspace/Workspace.h"

#include <QAbstractItemModelTester>
#include <QFutureWatcher>
#include <QImage>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextLayout>
#include <QThreadPool>
#include <QToolButton>
#include <QTreeView>

using namespace TestSupport;

class TestArtifactPreview : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString file(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }

    // Shows the file and waits until it is shown; the reading itself happens on a worker.
    static bool showAndWait(ArtifactPreview& preview, const QString& path)
    {
        QSignalSpy loaded(&preview, &ArtifactPreview::loaded);
        preview.showFile(path);
        if (!preview.isLoading())
            return false; // it would have been read on the GUI thread
        return loaded.wait(30000) || !loaded.isEmpty();
    }

    static QStringList childKeys(JsonTreeModel* model, const QModelIndex& parent)
    {
        QStringList keys;
        for (int row = 0; row < model->rowCount(parent); ++row)
            keys << model->index(row, JsonTreeModel::KeyColumn, parent).data().toString();
        return keys;
    }

    static QModelIndex childWithKey(JsonTreeModel* model, const QModelIndex& parent, const QString& key)
    {
        for (int row = 0; row < model->rowCount(parent); ++row)
            if (model->index(row, JsonTreeModel::KeyColumn, parent).data().toString() == key)
                return model->index(row, JsonTreeModel::KeyColumn, parent);
        return {};
    }

    // The colour the highlighter gave the first line that starts with `prefix`.
    static QColor colourOfLine(QPlainTextEdit* edit, const QString& prefix)
    {
        for (QTextBlock block = edit->document()->firstBlock(); block.isValid(); block = block.next()) {
            if (!block.text().startsWith(prefix))
                continue;
            const QList<QTextLayout::FormatRange> formats = block.layout()->formats();
            return formats.isEmpty() ? QColor() : formats.first().format.foreground().color();
        }
        return QColor(Qt::magenta); // no such line
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        QVERIFY(m_dir.isValid());
    }

    void jsonShowsATreeOfKeys()
    {
        QVERIFY(writeFile(
            file(QStringLiteral("metrics.json")),
            R"({"accuracy": 0.93, "params": {"lr": 0.01, "layers": [64, 32]}, "name": "run one", "done": true})"));
        ArtifactPreview preview;
        preview.show();
        QAbstractItemModelTester tester(preview.jsonModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(showAndWait(preview, file(QStringLiteral("metrics.json"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Json);
        QVERIFY(preview.jsonView()->isVisible());
        JsonTreeModel* model = preview.jsonModel();
        QCOMPARE(childKeys(model, {}), (QStringList{QStringLiteral("accuracy"), QStringLiteral("done"),
                                                    QStringLiteral("name"), QStringLiteral("params")}));
        const QModelIndex params = childWithKey(model, {}, QStringLiteral("params"));
        QCOMPARE(childKeys(model, params), (QStringList{QStringLiteral("layers"), QStringLiteral("lr")}));
        const QModelIndex layers = childWithKey(model, params, QStringLiteral("layers"));
        QCOMPARE(childKeys(model, layers), (QStringList{QStringLiteral("[0]"), QStringLiteral("[1]")}));
        QCOMPARE(model->index(1, JsonTreeModel::ValueColumn, layers).data().toString(), QStringLiteral("32"));
        QCOMPARE(childWithKey(model, {}, QStringLiteral("accuracy"))
                     .siblingAtColumn(JsonTreeModel::ValueColumn)
                     .data()
                     .toString(),
                 QStringLiteral("0.93"));
        QCOMPARE(childWithKey(model, {}, QStringLiteral("name"))
                     .siblingAtColumn(JsonTreeModel::TypeColumn)
                     .data()
                     .toString(),
                 QStringLiteral("string"));
        QVERIFY2(preview.summary().contains(QStringLiteral("4 key")), qPrintable(preview.summary()));
    }

    void aBigJsonFileSaysSoAndOffersItsText()
    {
        QByteArray big = "[";
        while (big.size() <= ArtifactPreview::kJsonLimitBytes)
            big += "1234567890123456789,";
        big += "0]\n";
        QVERIFY(writeFile(file(QStringLiteral("big.json")), big));
        ArtifactPreview preview;
        preview.show();
        QVERIFY(showAndWait(preview, file(QStringLiteral("big.json"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Message);
        QVERIFY2(preview.message().contains(QStringLiteral("more than the JSON tree shows")),
                 qPrintable(preview.message()));
        QVERIFY(preview.showAsTextButton()->isVisible());
        QSignalSpy loaded(&preview, &ArtifactPreview::loaded);
        QTest::mouseClick(preview.showAsTextButton(), Qt::LeftButton);
        QVERIFY(loaded.wait(30000));
        QTRY_COMPARE_WITH_TIMEOUT(preview.kind(), ArtifactPreview::Kind::Text, 10000);
        QVERIFY(preview.textView()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!preview.textView()->visibleLines().isEmpty(), 10000);
        QVERIFY(
            preview.textView()->visibleLines().first().startsWith(QStringLiteral("[1234567890123456789,")));
    }

    void invalidJsonIsShownAsTextSayingWhy()
    {
        QVERIFY(writeFile(file(QStringLiteral("broken.json")), "{\"a\": 1,\n oops\n"));
        ArtifactPreview preview;
        preview.show();
        QVERIFY(showAndWait(preview, file(QStringLiteral("broken.json"))));
        QTRY_COMPARE_WITH_TIMEOUT(preview.kind(), ArtifactPreview::Kind::Text, 10000);
        QVERIFY2(preview.summary().contains(QStringLiteral("not valid JSON")), qPrintable(preview.summary()));
        QTRY_COMPARE_WITH_TIMEOUT(preview.textView()->lineCount(), qint64(2), 10000);
    }

    void csvShowsTheFirst10000RowsAndSaysHowManyThereAre()
    {
        QByteArray csv = "epoch,loss,note\n";
        for (int i = 0; i < 12345; ++i)
            csv += QByteArray::number(i) + ',' + QByteArray::number(1.0 / (i + 1)) +
                   (i == 0 ? ",\"first, \"\"quoted\"\"\nline\"\n" : ",\n");
        QVERIFY(writeFile(file(QStringLiteral("history.csv")), csv));
        ArtifactPreview preview;
        preview.show();
        QAbstractItemModelTester tester(preview.csvModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(showAndWait(preview, file(QStringLiteral("history.csv"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Csv);
        QVERIFY(preview.csvView()->isVisible());
        CsvPreviewModel* model = preview.csvModel();
        QCOMPARE(model->rowCount(), CsvPreviewModel::kMaxRows);
        QCOMPARE(model->columnCount(), 3);
        QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("loss"));
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("0"));
        QCOMPARE(model->index(0, 2).data().toString(), QStringLiteral("first, \"quoted\"\nline"));
        QCOMPARE(model->index(9999, 0).data().toString(), QStringLiteral("9999"));
        QVERIFY2(preview.summary().contains(QStringLiteral("first 10,000 of 12,345 rows")),
                 qPrintable(preview.summary()));

        // A file too big to count says only how many it shows.
        const CsvPreviewModel::Table uncounted = CsvPreviewModel::read(
            file(QStringLiteral("history.csv")), QLatin1Char(','), CsvPreviewModel::kMaxRows, 1024);
        QCOMPARE(uncounted.totalRows, qint64(-1));
        QCOMPARE(CsvPreviewModel::summary(uncounted), QStringLiteral("first 10,000 rows"));
    }

    void tsvWithFewRowsShowsThemAll()
    {
        QVERIFY(writeFile(file(QStringLiteral("scores.tsv")), "name\tscore\nalpha\t1\nbeta\t2\ngamma\t3\n"));
        ArtifactPreview preview;
        preview.show();
        QVERIFY(showAndWait(preview, file(QStringLiteral("scores.tsv"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Csv);
        QCOMPARE(preview.csvModel()->rowCount(), 3);
        QCOMPARE(preview.csvModel()->index(2, 1).data().toString(), QStringLiteral("3"));
        QVERIFY2(preview.summary().endsWith(QStringLiteral("3 rows")), qPrintable(preview.summary()));
    }

    void pngLoadsAtItsSizeFittedOrAt100Percent()
    {
        QImage image(1600, 1000, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        QVERIFY(image.save(file(QStringLiteral("confusion.png"))));
        ArtifactPreview preview;
        preview.resize(600, 500);
        preview.show();
        QVERIFY(QTest::qWaitForWindowExposed(&preview));
        QVERIFY(showAndWait(preview, file(QStringLiteral("confusion.png"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Image);
        ImagePreview* shown = preview.imagePreview();
        QVERIFY(shown->isVisible());
        QCOMPARE(shown->imageSize(), QSize(1600, 1000));
        QCOMPARE(shown->format(), QStringLiteral("PNG"));
        // Fitted: scaled down into the pane, keeping its aspect.
        QVERIFY(shown->isFitting());
        QVERIFY2(shown->shownSize().width() <= 600 && shown->shownSize().width() > 100,
                 qPrintable(QString::number(shown->shownSize().width())));
        QVERIFY(qAbs(shown->shownSize().width() * 1000 / 1600 - shown->shownSize().height()) <= 1);
        QTest::mouseClick(shown->actualSizeButton(), Qt::LeftButton);
        QVERIFY(!shown->isFitting());
        QCOMPARE(shown->shownSize(), QSize(1600, 1000));
        QVERIFY2(preview.summary().contains(QStringLiteral("1600 × 1000")), qPrintable(preview.summary()));
    }

    void jpegLoads()
    {
        QImage image(64, 48, QImage::Format_RGB32);
        image.fill(Qt::red);
        QVERIFY(image.save(file(QStringLiteral("sample.jpg")), "JPEG"));
        ArtifactPreview preview;
        preview.show();
        QVERIFY(showAndWait(preview, file(QStringLiteral("sample.jpg"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Image);
        QCOMPARE(preview.imagePreview()->imageSize(), QSize(64, 48));
        QCOMPARE(preview.imagePreview()->format(), QStringLiteral("JPEG"));
    }

    void svgLoadsAtItsSize()
    {
        // Qt SVG is a required part of the build (scripts/setup.sh installs qt6-svg-dev): never skipped.
        QVERIFY2(ImagePreview::svgSupported(), "this build has no Qt SVG (Debian: qt6-svg-dev)");
        QVERIFY(writeFile(file(QStringLiteral("plot.svg")),
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"80\">"
                          "<rect x=\"0\" y=\"0\" width=\"60\" height=\"80\" fill=\"#ff0000\"/></svg>\n"));
        ArtifactPreview preview;
        preview.resize(600, 500);
        preview.show();
        QVERIFY(showAndWait(preview, file(QStringLiteral("plot.svg"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Image);
        QCOMPARE(preview.imagePreview()->imageSize(), QSize(120, 80));
        QCOMPARE(preview.imagePreview()->format(), QStringLiteral("SVG"));
        // Small images are never enlarged, and the drawing is really there.
        QCOMPARE(preview.imagePreview()->shownSize(), QSize(120, 80));
        const ImagePreview::Decoded decoded = ImagePreview::decode(file(QStringLiteral("plot.svg")));
        QCOMPARE(decoded.image.pixelColor(10, 10), QColor(255, 0, 0));
        QCOMPARE(decoded.image.pixelColor(100, 10).alpha(), 0);
    }

    void diffLinesAreColoured()
    {
        QVERIFY(writeFile(file(QStringLiteral("git.diff")), "diff --git a/train.py b/train.py\n"
                                                            "index 1111111..2222222 100644\n"
                                                            "--- a/train.py\n"
                                                            "+++ b/train.py\n"
                                                            "@@ -1,3 +1,3 @@\n"
                                                            " import numpy\n"
                                                            "-lr = 0.1\n"
                                                            "+lr = 0.01\n"
                                                            "--- a dashed comment removed\n"));
        ArtifactPreview preview;
        preview.show();
        QVERIFY(showAndWait(preview, file(QStringLiteral("git.diff"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Diff);
        QPlainTextEdit* edit = preview.diffView();
        QVERIFY(edit->isVisible());
        QCOMPARE(colourOfLine(edit, QStringLiteral("+lr")),
                 DiffHighlighter::colorOf(DiffHighlighter::LineKind::Added));
        QCOMPARE(colourOfLine(edit, QStringLiteral("-lr")),
                 DiffHighlighter::colorOf(DiffHighlighter::LineKind::Removed));
        QCOMPARE(colourOfLine(edit, QStringLiteral("@@")),
                 DiffHighlighter::colorOf(DiffHighlighter::LineKind::Hunk));
        // Inside a hunk, a removed line that happens to start with "-- " is still a removal.
        QCOMPARE(colourOfLine(edit, QStringLiteral("--- a dashed")),
                 DiffHighlighter::colorOf(DiffHighlighter::LineKind::Removed));
        QCOMPARE(colourOfLine(edit, QStringLiteral(" import")), QColor());
        QVERIFY(DiffHighlighter::colorOf(DiffHighlighter::LineKind::Added) !=
                DiffHighlighter::colorOf(DiffHighlighter::LineKind::Removed));
    }

    void aBinaryFileHasNoPreview()
    {
        QByteArray bytes(5000, '\0');
        for (int i = 0; i < bytes.size(); ++i)
            bytes[i] = char(i * 7);
        QVERIFY(writeFile(file(QStringLiteral("weights.bin")), bytes));
        ArtifactPreview preview;
        preview.show();
        QVERIFY(showAndWait(preview, file(QStringLiteral("weights.bin"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Unsupported);
        QCOMPARE(
            preview.message(),
            QStringLiteral("No preview for this file type (%1).").arg(QLocale().formattedDataSize(5000)));

        // A text file without a telling name is text.
        QVERIFY(writeFile(file(QStringLiteral("NOTES")), "trained on the full set\n"));
        QVERIFY(showAndWait(preview, file(QStringLiteral("NOTES"))));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Text);
    }

    void aHugeTextFileOpensWithoutBeingReadWhole()
    {
        const QString path = file(QStringLiteral("train.log"));
        {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            QByteArray block;
            for (int i = 0; i < 10000; ++i)
                block += QByteArrayLiteral("step ") + QByteArray::number(i).rightJustified(6, '0') +
                         QByteArrayLiteral(" loss 0.123456789 accuracy 0.987654321\n");
            for (int round = 0; round < 60; ++round) // ~30 MB
                QVERIFY(out.write(block) == block.size());
        }
        ArtifactPreview preview;
        preview.resize(600, 400);
        preview.show();
        QVERIFY(QTest::qWaitForWindowExposed(&preview));
        // What was indexed and on screen when it was shown (the rest goes on being indexed right after).
        qint64 indexedWhenShown = -1;
        QStringList linesWhenShown;
        connect(&preview, &ArtifactPreview::loaded, this, [&] {
            if (indexedWhenShown < 0 && preview.textIndex()) {
                indexedWhenShown = preview.textIndex()->indexedBytes();
                linesWhenShown = preview.textView()->visibleLines();
            }
        });
        QVERIFY(showAndWait(preview, path));
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Text);
        // Shown once its first megabyte was indexed, long before the rest.
        QVERIFY2(indexedWhenShown >= 0 && indexedWhenShown <= (1 << 20) + 4096,
                 qPrintable(QString::number(indexedWhenShown)));
        QVERIFY(!linesWhenShown.isEmpty());
        QCOMPARE(linesWhenShown.first(), QStringLiteral("step 000000 loss 0.123456789 accuracy 0.987654321"));
        // The rest is indexed step by step on workers.
        QTRY_COMPARE_WITH_TIMEOUT(preview.textView()->lineCount(), qint64(600000), 60000);
        preview.textView()->scrollToLine(599999);
        QVERIFY(preview.textView()->visibleLines().contains(
            QStringLiteral("step 009999 loss 0.123456789 accuracy 0.987654321")));
    }

    void aResultForAFileNoLongerChosenIsDropped()
    {
        QByteArray csv = "a,b\n";
        for (int i = 0; i < 200000; ++i)
            csv += "1,2\n";
        QVERIFY(writeFile(file(QStringLiteral("slow.csv")), csv));
        QVERIFY(writeFile(file(QStringLiteral("quick.json")), "{\"k\": 1}"));
        ArtifactPreview preview;
        preview.show();
        QSignalSpy loaded(&preview, &ArtifactPreview::loaded);
        preview.showFile(file(QStringLiteral("slow.csv")));
        preview.showFile(file(QStringLiteral("quick.json")));
        // Both readings have finished and their results were delivered.
        QThreadPool::globalInstance()->waitForDone();
        QTRY_VERIFY(!preview.isLoading());
        QTRY_VERIFY(preview.findChildren<QFutureWatcherBase*>().isEmpty());
        QCOMPARE(preview.kind(), ArtifactPreview::Kind::Json);
        QCOMPARE(preview.fileName(), QStringLiteral("quick.json"));
        QCOMPARE(loaded.count(), 1);
    }

    void theBrowserPreviewsTheSelectedFileAndSnapshotFiles()
    {
        std::optional<Workspace> ws = openFreshWorkspace(m_dir);
        QVERIFY(ws);
        QString error;
        const QString project = m_dir.path() + QStringLiteral("/project");
        QVERIFY(writeFile(project + QStringLiteral("/train.py"), "print('train')\n"));
        const auto snapshot = SnapshotStore(ws->storeDir()).create(project, &error);
        QVERIFY2(snapshot, qPrintable(error));
        const QString run = insertRun(*ws, QStringLiteral("e"), RunStatus::Completed, snapshot->id);
        QVERIFY(writeFile(ws->runDir(run) + QStringLiteral("/work/outputs/metrics.json"), "{\"loss\": 0.5}"));
        QVERIFY(writeFile(ws->runDir(run) + QStringLiteral("/work/outputs/table.csv"), "x,y\n1,2\n"));

        ArtifactsBrowser browser(*ws);
        browser.resize(900, 500);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        browser.setRun(run);
        QTRY_VERIFY_WITH_TIMEOUT(
            browser.filesModel()->indexForPath(QStringLiteral("outputs/table.csv")).isValid(), 10000);
        ArtifactPreview* preview = browser.preview();
        QVERIFY(preview->isVisible());

        // A click on a file shows it.
        const QModelIndex table = browser.filesModel()->indexForPath(QStringLiteral("outputs/table.csv"));
        browser.view()->scrollTo(table);
        QTRY_VERIFY(browser.view()->visualRect(table).isValid());
        QTest::mouseClick(browser.view()->viewport(), Qt::LeftButton, {},
                          browser.view()->visualRect(table).center());
        QTRY_COMPARE_WITH_TIMEOUT(preview->kind(), ArtifactPreview::Kind::Csv, 10000);
        QCOMPARE(preview->csvModel()->index(0, 1).data().toString(), QStringLiteral("2"));

        browser.revealFile(QStringLiteral("outputs/metrics.json"));
        QTRY_COMPARE_WITH_TIMEOUT(preview->kind(), ArtifactPreview::Kind::Json, 10000);
        QCOMPARE(preview->jsonModel()->index(0, JsonTreeModel::KeyColumn).data().toString(),
                 QStringLiteral("loss"));

        // A code snapshot file lives only in the content store; it is previewed all the same.
        browser.view()->expand(browser.filesModel()->indexForPath(RunFilesModel::snapshotRoot()));
        browser.revealFile(QStringLiteral("snapshot/train.py"));
        QTRY_COMPARE_WITH_TIMEOUT(preview->kind(), ArtifactPreview::Kind::Text, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(preview->textView()->visibleLines(),
                                  QStringList{QStringLiteral("print('train')")}, 10000);

        // A folder says it is one.
        browser.revealFile(QStringLiteral("outputs"));
        QTRY_COMPARE(preview->kind(), ArtifactPreview::Kind::Message);
        QVERIFY2(preview->message().contains(QStringLiteral("folder")), qPrintable(preview->message()));
    }
};

QTEST_MAIN(TestArtifactPreview)
#include "TestArtifactPreview.moc"
