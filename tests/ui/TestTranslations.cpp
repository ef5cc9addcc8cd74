// The translations (translations/*.ts, embedded as :/i18n/*.qm): the Turkish catalogue is complete and keeps
// each source's placeholders, accelerator and HTML tags; the English one has both plural forms of every %n
// string; the committed catalogues hold exactly what lupdate finds in ui/ and app/gui now (a string added
// without `ninja update-translations` fails); the settings choice picks the language; and the main window
// built under the Turkish translator shows no English: no label, button, action, menu, tab, header, placeholder,
// tooltip or list entry of its pages reads as an English source text whose Turkish is different.
#include "TestSupport.h"
#include "GuiTestSupport.h"

#include "compare/ComparePage.h"
#include "compare/ComparisonTableModel.h"
#include "run/RunStatus.h"
#include "runs/RunPage.h"
#include "runs/RunsTableModel.h"
#include "runs/RunsView.h"
#include "shell/MainWindow.h"
#include "shell/NavigationPane.h"
#include "shell/UiLanguage.h"
#include "shell/UserPrompts.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTabWidget>
#include <QXmlStreamReader>
#include <QtTest>

using namespace TestSupport;

namespace {

struct Message
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    bool finished = false;
    QStringList translations; // one per plural form, or the one translation
};

QVector<Message> readCatalogue(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(path);
        return {};
    }
    QVector<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const QStringView name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            message = Message{context, {}, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"), false, {}};
        } else if (name == QLatin1String("source")) {
            message.source = xml.readElementText();
        } else if (name == QLatin1String("comment")) {
            message.comment = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            // "vanished" and "obsolete" entries are strings gone from the sources: they count as stale.
            message.finished = type.isEmpty();
            if (message.numerus) {
                while (xml.readNextStartElement())
                    message.translations << xml.readElementText();
            } else {
                message.translations << xml.readElementText();
            }
            if (type != QLatin1String("vanished") && type != QLatin1String("obsolete"))
                messages << message;
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1: %2 at line %3").arg(path, xml.errorString()).arg(xml.lineNumber());
    return messages;
}

QString catalogue(const QString& language)
{
    return sourceDir() + QStringLiteral("/translations/trainyard_%1.ts").arg(language);
}

QString describe(const Message& m)
{
    return QStringLiteral("%1: \"%2\"%3").arg(m.context, m.source, m.comment.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m.comment));
}

QString keyOf(const Message& m) { return m.context + QChar(0x1f) + m.source + QChar(0x1f) + m.comment; }

// %1…%99 and %n, as a sorted list: a translation must use each of its source's, as often.
QStringList placeholders(const QString& text)
{
    static const QRegularExpression placeholder(QStringLiteral("%(\\d{1,2}|n)"));
    QStringList found;
    // "%%1" is a literal % before %1 (Turkish writes "%45").
    for (auto it = placeholder.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    return found;
}

// Accelerators: "&X" marks one, "&&" is a literal &, "&nbsp;" and the like are HTML entities.
int accelerators(const QString& text)
{
    static const QRegularExpression entity(QStringLiteral("&[a-zA-Z]+;|&#\\d+;|&&"));
    QString rest = text;
    rest.remove(entity);
    return int(rest.count(QLatin1Char('&')));
}

QStringList htmlTags(const QString& text)
{
    static const QRegularExpression tag(QStringLiteral("</?([a-zA-Z][a-zA-Z0-9]*)[^>]*>"));
    QStringList found;
    for (auto it = tag.globalMatch(text); it.hasNext();)
        found << it.next().captured(0).section(QLatin1Char(' '), 0, 0).remove(QLatin1Char('>'));
    found.sort();
    return found;
}

// Every text a person sees (or hears from a screen reader) on a widget, with where it came from.
void collectTexts(QObject* object, QList<QPair<QString, QString>>* texts);

void collectAction(QAction* action, const QString& where, QList<QPair<QString, QString>>* texts, QSet<QMenu*>* seenMenus)
{
    if (action->isSeparator())
        return;
    texts->append({action->text(), where + QStringLiteral(" action")});
    texts->append({action->toolTip(), where + QStringLiteral(" action tooltip")});
    texts->append({action->statusTip(), where + QStringLiteral(" action status tip")});
    if (QMenu* menu = action->menu(); menu && !seenMenus->contains(menu)) {
        seenMenus->insert(menu);
        texts->append({menu->title(), where + QStringLiteral(" menu")});
        for (QAction* inner : menu->actions())
            collectAction(inner, where + QStringLiteral(" > ") + menu->title(), texts, seenMenus);
    }
}

void collectModel(QAbstractItemModel* model, const QModelIndex& parent, const QString& where, int depth,
                  QList<QPair<QString, QString>>* texts)
{
    const int rows = qMin(model->rowCount(parent), 200);
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < model->columnCount(parent); ++column) {
            const QModelIndex index = model->index(row, column, parent);
            texts->append({index.data(Qt::DisplayRole).toString(), where + QStringLiteral(" item")});
            texts->append({index.data(Qt::ToolTipRole).toString(), where + QStringLiteral(" item tooltip")});
        }
        if (depth < 2)
            collectModel(model, model->index(row, 0, parent), where, depth + 1, texts);
    }
}

void collectTexts(QObject* root, QList<QPair<QString, QString>>* texts)
{
    QSet<QMenu*> seenMenus;
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    if (auto* self = qobject_cast<QWidget*>(root))
        widgets.prepend(self);
    for (QWidget* widget : widgets) {
        const QString where = QStringLiteral("%1 \"%2\"").arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName());
        texts->append({widget->toolTip(), where + QStringLiteral(" tooltip")});
        texts->append({widget->accessibleName(), where + QStringLiteral(" accessible name")});
        texts->append({widget->whatsThis(), where + QStringLiteral(" what's this")});
        if (widget->isWindow())
            texts->append({widget->windowTitle(), where + QStringLiteral(" window title")});
        if (auto* label = qobject_cast<QLabel*>(widget))
            texts->append({label->text(), where});
        if (auto* button = qobject_cast<QAbstractButton*>(widget))
            texts->append({button->text(), where});
        if (auto* group = qobject_cast<QGroupBox*>(widget))
            texts->append({group->title(), where});
        if (auto* edit = qobject_cast<QLineEdit*>(widget))
            texts->append({edit->placeholderText(), where + QStringLiteral(" placeholder")});
        if (auto* tabs = qobject_cast<QTabWidget*>(widget))
            for (int i = 0; i < tabs->count(); ++i) {
                texts->append({tabs->tabText(i), where + QStringLiteral(" tab")});
                texts->append({tabs->tabToolTip(i), where + QStringLiteral(" tab tooltip")});
            }
        if (auto* combo = qobject_cast<QComboBox*>(widget)) {
            texts->append({combo->placeholderText(), where + QStringLiteral(" placeholder")});
            for (int i = 0; i < combo->count(); ++i)
                texts->append({combo->itemText(i), where + QStringLiteral(" item")});
        }
        if (auto* header = qobject_cast<QHeaderView*>(widget); header && header->model())
            for (int section = 0; section < header->count(); ++section)
                texts->append({header->model()->headerData(section, header->orientation()).toString(),
                               where + QStringLiteral(" header")});
        if (auto* view = qobject_cast<QAbstractItemView*>(widget); view && view->model() && !qobject_cast<QHeaderView*>(widget))
            collectModel(view->model(), view->rootIndex(), where, 0, texts);
        for (QAction* action : widget->actions())
            collectAction(action, where, texts, &seenMenus);
        if (auto* menuBar = qobject_cast<QMenuBar*>(widget))
            for (QAction* action : menuBar->actions())
                collectAction(action, QStringLiteral("menu bar"), texts, &seenMenus);
    }
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        QCoreApplication::setOrganizationName(QStringLiteral("trainyard-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestTranslations"));
        // The test binary's folder has no runner; a submit from this process uses the build's.
        qputenv("TRAINYARD_RUNNER", (binDir() + QStringLiteral("/trainyard-runner")).toUtf8());
    }

    void init()
    {
        QSettings().clear();
        UserPrompts::clearRecordedMessages();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup()
    {
        UiLanguage::install(QStringLiteral("en"));
        QLocale::setDefault(QLocale::c());
    }

    // Every Turkish entry is finished and keeps what the program fills in or acts on.
    void turkishIsCompleteAndKeepsPlaceholders()
    {
        QString error;
        const QVector<Message> messages = readCatalogue(catalogue(QStringLiteral("tr")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() > 900);
        QStringList problems;
        for (const Message& m : messages) {
            if (!m.finished)
                problems << QStringLiteral("unfinished: ") + describe(m);
            if (m.translations.isEmpty() || std::any_of(m.translations.cbegin(), m.translations.cend(), [](const QString& t) { return t.trimmed().isEmpty(); }))
                problems << QStringLiteral("empty: ") + describe(m);
            for (const QString& translation : m.translations) {
                // A source without placeholders is never given arguments: "%100" is Turkish for "100%".
                if (!placeholders(m.source).isEmpty() && placeholders(translation) != placeholders(m.source))
                    problems << QStringLiteral("placeholders %1 instead of %2: %3").arg(placeholders(translation).join(QLatin1Char(' ')), placeholders(m.source).join(QLatin1Char(' ')), describe(m));
                if (accelerators(translation) != accelerators(m.source))
                    problems << QStringLiteral("%1 accelerator(s) instead of %2: %3 → \"%4\"").arg(accelerators(translation)).arg(accelerators(m.source)).arg(describe(m), translation);
                if (htmlTags(translation) != htmlTags(m.source))
                    problems << QStringLiteral("HTML tags differ: %1 → \"%2\"").arg(describe(m), translation);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // English speaks in plurals: every %n string has its one and its many.
    void englishHasPluralForms()
    {
        QString error;
        const QVector<Message> messages = readCatalogue(catalogue(QStringLiteral("en")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList problems;
        int numerus = 0;
        for (const Message& m : messages) {
            if (!m.numerus)
                continue;
            ++numerus;
            if (m.translations.size() != 2 || m.translations.contains(QString()) || !m.finished)
                problems << describe(m);
        }
        QVERIFY(numerus > 10);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        QVERIFY(UiLanguage::install(QStringLiteral("en")));
        QCOMPARE(QCoreApplication::translate("MainWindow", "%n live run(s)", nullptr, 1), QStringLiteral("1 live run"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "%n live run(s)", nullptr, 3), QStringLiteral("3 live runs"));
    }

    // lupdate over today's sources finds nothing the committed catalogues lack, and they hold nothing it no
    // longer finds: run `ninja -C build update-translations` and translate what is new.
    void cataloguesMatchTheSources()
    {
        const QString lupdate = QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate");
        QVERIFY2(QFileInfo(lupdate).isExecutable(), qPrintable(lupdate + QStringLiteral(" is missing (qt6-l10n-tools)")));
        const QString fresh = m_dir->filePath(QStringLiteral("fresh_tr.ts"));
        const CliResult r = runProgram(lupdate, {QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-no-obsolete"),
                                                 sourceDir() + QStringLiteral("/ui"), sourceDir() + QStringLiteral("/app/gui"),
                                                 QStringLiteral("-ts"), fresh});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QString error;
        const QVector<Message> found = readCatalogue(fresh, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(found.size() > 900);
        QSet<QString> sourceKeys;
        for (const Message& m : found)
            sourceKeys.insert(keyOf(m));

        for (const QString& language : {QStringLiteral("tr"), QStringLiteral("en")}) {
            const QVector<Message> committed = readCatalogue(catalogue(language), &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QSet<QString> committedKeys;
            for (const Message& m : committed)
                committedKeys.insert(keyOf(m));
            QStringList problems;
            for (const Message& m : found)
                if (!committedKeys.contains(keyOf(m)))
                    problems << QStringLiteral("not in trainyard_%1.ts: %2").arg(language, describe(m));
            for (const Message& m : committed)
                if (!sourceKeys.contains(keyOf(m)))
                    problems << QStringLiteral("in trainyard_%1.ts but no longer in the sources: %2").arg(language, describe(m));
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        }
    }

    // Settings → Language: "" follows the system, "en" and "tr" are kept as chosen; the embedded Turkish loads.
    void choiceIsSavedAndTurkishLoads()
    {
        QCOMPARE(UiLanguage::saved(), UiLanguage::Choice::System);
        UiLanguage::save(UiLanguage::Choice::Turkish);
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("tr"));
        QCOMPARE(UiLanguage::saved(), UiLanguage::Choice::Turkish);
        QCOMPARE(UiLanguage::effectiveCode(UiLanguage::saved()), QStringLiteral("tr"));
        UiLanguage::save(UiLanguage::Choice::English);
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("en"));
        // The tests run under LC_ALL=C.UTF-8: the system's choice is English.
        QCOMPARE(UiLanguage::effectiveCode(UiLanguage::Choice::System), QStringLiteral("en"));
        QVERIFY(!UiLanguage::install(QStringLiteral("xx")));
        QCOMPARE(UiLanguage::installedCode(), QStringLiteral("en"));

        QVERIFY(UiLanguage::install(QStringLiteral("tr")));
        QCOMPARE(UiLanguage::installedCode(), QStringLiteral("tr"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("&Dosya"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "%n live run(s)", nullptr, 2), QStringLiteral("2 canlı çalıştırma"));

        // The menu saves the choice and offers a restart, declined here (no answer queued).
        UiLanguage::install(QStringLiteral("en"));
        UiLanguage::save(UiLanguage::Choice::System);
        const std::optional<Workspace> workspace = openFreshWorkspace(*m_dir);
        QVERIFY(workspace);
        MainWindow window(*workspace);
        auto* turkish = window.findChild<QAction*>(QStringLiteral("language-tr"));
        QVERIFY(turkish);
        QVERIFY(window.findChild<QAction*>(QStringLiteral("language-system"))->isChecked());
        turkish->trigger();
        QCOMPARE(UiLanguage::saved(), UiLanguage::Choice::Turkish);
        QVERIFY(turkish->isChecked());
        QVERIFY2(UserPrompts::recordedMessages().join(QLatin1Char('\n')).contains(QStringLiteral("Restart now?")),
                 qPrintable(UserPrompts::recordedMessages().join(QLatin1Char('\n'))));
    }

    // The main window and its pages, built under the Turkish translator, on a workspace with runs, a
    // comparison open and a run's page showing.
    void mainViewsShowNoEnglishUnderTurkish()
    {
        QString error;
        const QVector<Message> messages = readCatalogue(catalogue(QStringLiteral("tr")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // An English source whose Turkish differs must not be seen as it is.
        QHash<QString, QSet<QString>> turkishOf;
        for (const Message& m : messages)
            for (const QString& t : m.translations)
                turkishOf[m.source].insert(t);
        // Names that read the same in both languages wherever they stand.
        const QSet<QString> sameInBoth{QStringLiteral("Trainyard"), QStringLiteral("CSV"), QStringLiteral("JSON"),
                                       QStringLiteral("SSH"), QStringLiteral("Slurm"), QStringLiteral("Git"),
                                       QStringLiteral("Python"), QStringLiteral("CPU")};

        const std::optional<Workspace> workspace = openFreshWorkspace(*m_dir);
        QVERIFY(workspace);
        const QString first = insertRun(*workspace, QStringLiteral("exp-a"), RunStatus::Completed);
        const QString second = insertRun(*workspace, QStringLiteral("exp-a"), RunStatus::Failed);
        insertRun(*workspace, QStringLiteral("exp-b"), RunStatus::Queued);
        QVERIFY(!first.isEmpty() && !second.isEmpty());

        QVERIFY(UiLanguage::install(QStringLiteral("tr")));
        // A Turkish desktop formats numbers and dates the Turkish way too (decimal comma, day first).
        QLocale::setDefault(QLocale(QLocale::Turkish, QLocale::Turkey));
        MainWindow window(*workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(window.runsView()->model()->rowCount(), 3);
        QVERIFY(window.showRun(first));
        QTRY_COMPARE(window.runPage()->currentRunId(), first);
        QList<QPair<QString, QString>> texts;
        collectTexts(&window, &texts);
        for (const NavigationPane::Page page : {NavigationPane::Page::NewRun, NavigationPane::Page::Targets, NavigationPane::Page::Datasets,
                                                NavigationPane::Page::Models, NavigationPane::Page::Environments}) {
            window.showPage(page);
            QCoreApplication::processEvents();
            collectTexts(&window, &texts);
        }
        window.showCompare({first, second});
        QTRY_VERIFY(window.comparePage()->model()->rowCount() > 0);
        collectTexts(&window, &texts);

        QStringList english;
        for (const auto& [text, where] : texts) {
            const QString shown = text.trimmed();
            if (shown.isEmpty() || sameInBoth.contains(shown))
                continue;
            const auto it = turkishOf.constFind(text);
            if (it != turkishOf.cend() && !it->contains(text))
                english << QStringLiteral("%1: \"%2\"").arg(where, text);
        }
        english.removeDuplicates();
        QVERIFY2(english.isEmpty(), qPrintable(QStringLiteral("shown in English under Turkish:\n") + english.join(QLatin1Char('\n'))));
        // The runs table reads its status and headers in Turkish too (they come from core/ in English).
        const QStringList statuses{window.runsView()->model()->index(0, 0).data().toString(),
                                   window.runsView()->model()->index(1, 0).data().toString(),
                                   window.runsView()->model()->index(2, 0).data().toString()};
        QVERIFY2(statuses.contains(QStringLiteral("Tamamlandı")) && statuses.contains(QStringLiteral("Başarısız")),
                 qPrintable(statuses.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
