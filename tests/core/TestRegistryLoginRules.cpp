// RegistryLogins' naming rules: what a user types as a registry, and which registry an image pulls from,
// read the same way the engines (and the environment tool's registry_of) read them.
#include <QtTest>

#include "environments/RegistryLogins.h"

class TestRegistryLoginRules : public QObject
{
    Q_OBJECT

private slots:
    void registriesAreNormalised_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("stored");
        QTest::newRow("host and port") << "registry.example.com:5000" << "registry.example.com:5000";
        QTest::newRow("scheme and slash") << "https://Registry.Example.com:5000/" << "registry.example.com:5000";
        QTest::newRow("address") << "http://127.0.0.1:5077" << "127.0.0.1:5077";
        QTest::newRow("docker hub alias") << "index.docker.io" << "docker.io";
        QTest::newRow("spaces around") << "  ghcr.io " << "ghcr.io";
    }
    void registriesAreNormalised()
    {
        QFETCH(QString, typed);
        QFETCH(QString, stored);
        QString error;
        QCOMPARE(RegistryLogins::normalise(typed, &error), stored);
        QVERIFY(error.isEmpty());
    }

    void notAHostIsRefusedWithTheReason_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::newRow("empty") << "";
        QTest::newRow("space") << "my registry";
        QTest::newRow("path") << "quay.io/team";
        QTest::newRow("port not a number") << "host:http";
        QTest::newRow("dash first") << "-host";
    }
    void notAHostIsRefusedWithTheReason()
    {
        QFETCH(QString, typed);
        QString error;
        QVERIFY(RegistryLogins::normalise(typed, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("is not a host name")), qPrintable(error));
    }

    void imagesNameTheirRegistry_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("registry");
        QTest::newRow("official") << "python:3.11" << "docker.io";
        QTest::newRow("hub user") << "pytorch/pytorch:2.1" << "docker.io";
        QTest::newRow("host") << "ghcr.io/team/img:1" << "ghcr.io";
        QTest::newRow("port") << "127.0.0.1:5077/team/busybox:1" << "127.0.0.1:5077";
        QTest::newRow("localhost") << "localhost/trainyard-test-busybox:1" << "localhost";
        QTest::newRow("digest") << "registry.example.com/x@sha256:abcd" << "registry.example.com";
    }
    void imagesNameTheirRegistry()
    {
        QFETCH(QString, image);
        QFETCH(QString, registry);
        QCOMPARE(RegistryLogins::registryOf(image), registry);
    }
};

QTEST_GUILESS_MAIN(TestRegistryLoginRules)
#include "TestRegistryLoginRules.moc"
