// The desktop integration files and the install tree the .deb is made of: the .desktop file and the AppStream
// metainfo pass the real validators (desktop-file-validate, appstreamcli validate --no-net), one application
// id names the desktop file, the metainfo, its launchable and the icons, the metainfo's release is this
// version and its screenshots are the project's own, PNG icons are rendered at every hicolor size, and
// `cmake --install` puts every file the package needs where a Debian system looks for it, with installed
// programs that run from there: a run submitted with the installed CLI completes under the installed runner.
#include <QtTest>

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include "TestSupport.h"

using namespace TestSupport;

namespace {

const QString appId = QStringLiteral("io.trainyard.Trainyard");
const QList<int> iconSizes{16, 32, 48, 64, 128, 256, 512};

QString packagingFile(const QString& name) { return sourceDir() + QStringLiteral("/packaging/") + name; }
QString buildDir() { return QDir(binDir() + QStringLiteral("/..")).canonicalPath(); }

QString requiredTool(const QString& name)
{
    const QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        qWarning("%s is not installed: scripts/setup.sh --tests installs it", qPrintable(name));
    return path;
}

// The values of the key `key` in the [Desktop Entry] group.
QString desktopEntryValue(const QByteArray& file, const QString& key)
{
    for (const QString& line : QString::fromUtf8(file).split(QLatin1Char('\n')))
        if (line.startsWith(key + QLatin1Char('=')))
            return line.mid(key.size() + 1).trimmed();
    return QString();
}

// The text of every element named `name` in the metainfo, in document order.
QStringList metainfoTexts(const QByteArray& xml, const QString& name, const QString& attribute = QString())
{
    QStringList texts;
    QXmlStreamReader reader(xml);
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement && reader.name() == name) {
            texts << (attribute.isEmpty() ? reader.readElementText(QXmlStreamReader::IncludeChildElements)
                                          : reader.attributes().value(attribute).toString());
        }
    }
    return texts;
}

// A PNG's width, height and colour type from its IHDR chunk (core has no QtGui to decode it with); the size
// is empty when the file is no PNG.
struct PngHeader
{
    QSize size;
    int colourType = -1;
};

PngHeader pngHeader(const QByteArray& data)
{
    PngHeader header;
    if (data.size() < 26 || !data.startsWith("\x89PNG\r\n\x1a\n") || data.mid(12, 4) != "IHDR")
        return header;
    const auto bigEndian = [&data](int at) {
        return int(quint8(data[at])) << 24 | int(quint8(data[at + 1])) << 16 | int(quint8(data[at + 2])) << 8
               | int(quint8(data[at + 3]));
    };
    header.size = QSize(bigEndian(16), bigEndian(20));
    header.colourType = quint8(data[25]);
    return header;
}

QString programVersion()
{
    const CliResult r = runProgram(binDir() + QStringLiteral("/trainyard-cli"), {QStringLiteral("--version")});
    return QString::fromUtf8(r.out).trimmed().section(QLatin1Char(' '), 1);
}

} // namespace

class TestPackaging : public QObject
{
    Q_OBJECT

private slots:
    void desktopFileValidates()
    {
        const QString validator = requiredTool(QStringLiteral("desktop-file-validate"));
        QVERIFY(!validator.isEmpty());
        const CliResult r = runProgram(validator, {packagingFile(appId + QStringLiteral(".desktop"))});
        // Hints (a second main category) are advice; errors and warnings are not.
        QVERIFY2(r.exitCode == 0 && !r.out.contains("error:") && !r.out.contains("warning:"), QByteArray(r.out + r.err).constData());
    }

    void metainfoValidates()
    {
        const QString validator = requiredTool(QStringLiteral("appstreamcli"));
        QVERIFY(!validator.isEmpty());
        const CliResult r = runProgram(validator, {QStringLiteral("validate"), QStringLiteral("--no-net"),
                                                   packagingFile(appId + QStringLiteral(".metainfo.xml"))});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    }

    void oneApplicationIdEverywhere()
    {
        const QByteArray desktop = readFile(packagingFile(appId + QStringLiteral(".desktop")));
        QCOMPARE(desktopEntryValue(desktop, QStringLiteral("Icon")), appId);
        QCOMPARE(desktopEntryValue(desktop, QStringLiteral("Exec")), QStringLiteral("trainyard %U"));
        QVERIFY(desktopEntryValue(desktop, QStringLiteral("MimeType")).split(QLatin1Char(';')).contains(
            QStringLiteral("x-scheme-handler/trainyard")));
        const QByteArray metainfo = readFile(packagingFile(appId + QStringLiteral(".metainfo.xml")));
        QCOMPARE(metainfoTexts(metainfo, QStringLiteral("id")), QStringList{appId});
        QCOMPARE(metainfoTexts(metainfo, QStringLiteral("launchable")), QStringList{appId + QStringLiteral(".desktop")});
        QVERIFY(QFileInfo::exists(packagingFile(appId + QStringLiteral(".svg"))));
    }

    void metainfoDescribesThisRelease()
    {
        const QByteArray metainfo = readFile(packagingFile(appId + QStringLiteral(".metainfo.xml")));
        const QStringList versions = metainfoTexts(metainfo, QStringLiteral("release"), QStringLiteral("version"));
        QVERIFY(!versions.isEmpty());
        const QString version = programVersion();
        QVERIFY(!version.isEmpty());
        // The newest release comes first, and it is the version being built.
        QCOMPARE(versions.constFirst(), version);
        const QStringList notes = metainfoTexts(metainfo, QStringLiteral("release"));
        QVERIFY2(notes.constFirst().trimmed().size() > 20, "the release has no notes");
        QCOMPARE(metainfoTexts(metainfo, QStringLiteral("content_rating"), QStringLiteral("type")),
                 QStringList{QStringLiteral("oars-1.1")});
    }

    void screenshotsAreTheProjects()
    {
        const QByteArray metainfo = readFile(packagingFile(appId + QStringLiteral(".metainfo.xml")));
        const QStringList images = metainfoTexts(metainfo, QStringLiteral("image"));
        QVERIFY(images.size() >= 3);
        for (const QString& url : images) {
            QVERIFY2(url.startsWith(QLatin1String("https://trainyard.io/screenshots/")), qPrintable(url));
            const QString local = sourceDir() + QStringLiteral("/docs/screenshots/") + url.section(QLatin1Char('/'), -1);
            QVERIFY2(QFileInfo::exists(local), qPrintable(url + QStringLiteral(" is not one of docs/screenshots")));
        }
        QCOMPARE(metainfoTexts(metainfo, QStringLiteral("caption")).size(), images.size());
    }

    void iconsRenderedAtEverySize()
    {
        for (int size : iconSizes) {
            const QString path = QStringLiteral("%1/packaging/icons/%2x%2/%3.png").arg(buildDir()).arg(size).arg(appId);
            const PngHeader header = pngHeader(readFile(path));
            QVERIFY2(header.size.isValid(), qPrintable(path + QStringLiteral(" is no PNG")));
            QCOMPARE(header.size, QSize(size, size));
            // Truecolour with alpha: the rounded square's corners are transparent.
            QCOMPARE(header.colourType, 6);
        }
    }

    void installTreeHasEveryPackagedFile()
    {
        const QString cmake = requiredTool(QStringLiteral("cmake"));
        QVERIFY(!cmake.isEmpty());
        QTemporaryDir prefix;
        const CliResult install =
            runProgram(cmake, {QStringLiteral("--install"), buildDir(), QStringLiteral("--prefix"), prefix.path()});
        QVERIFY2(install.exitCode == 0, QByteArray(install.out + install.err).constData());
        QStringList expected{QStringLiteral("bin/trainyard"), QStringLiteral("bin/trainyard-cli"),
                             QStringLiteral("bin/trainyard-runner"), QStringLiteral("bin/trainyard-askpass"),
                             QStringLiteral("share/applications/") + appId + QStringLiteral(".desktop"),
                             QStringLiteral("share/metainfo/") + appId + QStringLiteral(".metainfo.xml"),
                             QStringLiteral("share/icons/hicolor/scalable/apps/") + appId + QStringLiteral(".svg"),
                             QStringLiteral("share/man/man1/trainyard-cli.1.gz"),
                             QStringLiteral("share/bash-completion/completions/trainyard-cli"),
                             QStringLiteral("share/doc/trainyard/examples/sample/estimator.yml"),
                             QStringLiteral("share/doc/trainyard/examples/sample/train.py"),
                             QStringLiteral("share/doc/trainyard/examples/sample/README.md")};
        for (int size : iconSizes)
            expected << QStringLiteral("share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(appId);
        for (const QString& file : expected)
            QVERIFY2(QFileInfo(prefix.path() + QLatin1Char('/') + file).size() > 0, qPrintable(file));
        // Installed, the programs still find each other: the CLI's runner is the one beside it.
        for (const QString& program : {QStringLiteral("trainyard-cli"), QStringLiteral("trainyard-runner"),
                                       QStringLiteral("trainyard-askpass")}) {
            const CliResult r = runProgram(prefix.path() + QStringLiteral("/bin/") + program, {QStringLiteral("--version")});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(QString::fromUtf8(r.out).trimmed(), program + QLatin1Char(' ') + programVersion());
        }
        // A run submitted with the installed CLI is watched by the installed runner beside it (no
        // TRAINYARD_RUNNER), and the job wrapper and Python helper it needs come from the programs themselves.
        QTemporaryDir work;
        const QString estimator = makeProject(work.path() + QStringLiteral("/project"),
                                              {{QStringLiteral("train.py"), "from azureml.core import Run\n"
                                                                            "Run.get_context().log('loss', 0.5)\n"
                                                                            "print('installed run')\n"}},
                                              "entry_script: train.py\ncompute_target: local\n");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("TRAINYARD_RUNNER"));
        env.remove(QStringLiteral("TRAINYARD_ASKPASS"));
        const CliResult submit = runProgram(prefix.path() + QStringLiteral("/bin/trainyard-cli"),
                                            {QStringLiteral("--workspace"), work.path() + QStringLiteral("/ws"),
                                             QStringLiteral("submit"), estimator, QStringLiteral("--wait")},
                                            QByteArray(), env);
        QVERIFY2(submit.exitCode == 0 && submit.out.contains("installed run"), QByteArray(submit.out + submit.err).constData());
        const QString runId = QString::fromUtf8(submit.out.left(submit.out.indexOf('\n')));
        const CliResult metrics = runProgram(prefix.path() + QStringLiteral("/bin/trainyard-cli"),
                                             {QStringLiteral("--workspace"), work.path() + QStringLiteral("/ws"),
                                              QStringLiteral("metrics"), runId, QStringLiteral("--json")});
        QVERIFY2(metrics.exitCode == 0 && metrics.out.contains("\"loss\""), QByteArray(metrics.out + metrics.err).constData());
    }
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "TestPackaging.moc"
