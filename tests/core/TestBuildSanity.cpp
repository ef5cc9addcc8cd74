#include <QtTest>
#include "TestSupport.h"

// Proves the test harness itself works: the built programs exist where the suites look for them.
class TestBuildSanity : public QObject
{
    Q_OBJECT
private slots:
    void programsAreBuilt()
    {
        QVERIFY(QFileInfo::exists(TestSupport::binDir() + QStringLiteral("/trainyard-cli")));
        QVERIFY(QFileInfo::exists(TestSupport::binDir() + QStringLiteral("/trainyard-runner")));
    }
};

QTEST_GUILESS_MAIN(TestBuildSanity)
#include "TestBuildSanity.moc"
