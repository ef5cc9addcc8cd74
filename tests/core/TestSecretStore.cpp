// SecretStore against a real gnome-keyring on a private session bus (KeyringSession): what goes in comes back
// byte for byte, a missing secret is NotFound, an unusable keychain is Unavailable with a message that says
// so, and calls work from any thread.
#include "KeyringSession.h"
#include "TestSupport.h"

#include "secrets/SecretStore.h"

#include <QDirIterator>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>

class TestSecretStore : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KeyringSession> m_keyring;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        m_keyring = std::make_unique<KeyringSession>();
        QVERIFY2(m_keyring->ready(), qPrintable(m_keyring->error()));
        QVERIFY(m_dir.isValid());
    }

    // First, before anything in this process has reached the bus: libsecret keeps the connection it made,
    // so the environment decides only until the first call.
    void unavailableWithoutSessionBus()
    {
        const QByteArray address = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QByteArray display = qgetenv("DISPLAY");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DISPLAY");
        QString error;
        SecretFailure failure = SecretFailure::None;
        const auto secret = SecretStore::read(QStringLiteral("no-bus"), &error, &failure);
        const bool wrote = SecretStore::write(QStringLiteral("no-bus"), "s3cr3t-no-bus", &error, &failure);
        qputenv("DBUS_SESSION_BUS_ADDRESS", address);
        if (!display.isEmpty())
            qputenv("DISPLAY", display);
        QVERIFY(!secret);
        QVERIFY(!wrote);
        QCOMPARE(failure, SecretFailure::Unavailable);
        QVERIFY2(error.startsWith(QLatin1String("the system keychain is unavailable: ")), qPrintable(error));
        QVERIFY2(error.endsWith(QLatin1String("; Trainyard keeps passwords nowhere else")),
                 qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("D-Bus")), qPrintable(error)); // QtKeychain's own reason
        QVERIFY(!error.contains(QLatin1String("s3cr3t")));
    }

    void roundTrip()
    {
        const QString key =
            SecretStore::targetKey(m_dir.path(), QStringLiteral("gpu-box"), SecretStore::passwordWord());
        QString error;
        SecretFailure failure = SecretFailure::Other;
        QVERIFY2(SecretStore::write(key, "correct horse battery staple", &error, &failure),
                 qPrintable(error));
        QCOMPARE(failure, SecretFailure::None);
        auto secret = SecretStore::read(key, &error, &failure);
        QVERIFY2(secret, qPrintable(error));
        QCOMPARE(*secret, QByteArray("correct horse battery staple"));
        // Replacing keeps one secret under the key.
        QVERIFY2(SecretStore::write(key, "second", &error), qPrintable(error));
        secret = SecretStore::read(key, &error);
        QVERIFY2(secret, qPrintable(error));
        QCOMPARE(*secret, QByteArray("second"));
        QVERIFY2(SecretStore::remove(key, &error, &failure), qPrintable(error));
        QCOMPARE(failure, SecretFailure::None);
        secret = SecretStore::read(key, &error, &failure);
        QVERIFY(!secret);
        QCOMPARE(failure, SecretFailure::NotFound);
    }

    void notFound()
    {
        QString error;
        SecretFailure failure = SecretFailure::None;
        const auto secret = SecretStore::read(QStringLiteral("never stored"), &error, &failure);
        QVERIFY(!secret);
        QCOMPARE(failure, SecretFailure::NotFound);
        QVERIFY2(error.contains(QLatin1String("no such secret")), qPrintable(error));
    }

    void removingAMissingSecretIsFine()
    {
        QString error;
        SecretFailure failure = SecretFailure::Other;
        QVERIFY2(SecretStore::remove(QStringLiteral("never stored either"), &error, &failure),
                 qPrintable(error));
        QCOMPARE(failure, SecretFailure::None);
    }

    void arbitraryBytesComeBackUnchanged_data()
    {
        QTest::addColumn<QByteArray>("secret");
        QTest::newRow("newlines") << QByteArray("line one\nline two\r\n\n");
        QTest::newRow("non-ASCII UTF-8") << QByteArray("pässwörd ✓ 密码");
        QTest::newRow("not UTF-8, with NUL") << QByteArray("\xff\xfe\x00\x01 tail", 9);
        QTest::newRow("shell characters") << QByteArray("$(rm -rf ~) `id`; 'q' \"d\" \\");
        QTest::newRow("long") << QByteArray(5000, 'x') + "end";
    }

    void arbitraryBytesComeBackUnchanged()
    {
        QFETCH(QByteArray, secret);
        const QString key = SecretStore::targetKey(m_dir.path(), QStringLiteral("bytes"),
                                                   QString::fromLatin1(QTest::currentDataTag()));
        QString error;
        QVERIFY2(SecretStore::write(key, secret, &error), qPrintable(error));
        const auto back = SecretStore::read(key, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->toHex(), secret.toHex());
        QVERIFY2(SecretStore::remove(key, &error), qPrintable(error));
    }

    void keysSeparateWorkspacesTargetsAndWords()
    {
        const QString a = m_dir.filePath(QStringLiteral("a"));
        const QString b = m_dir.filePath(QStringLiteral("b"));
        QVERIFY(QDir().mkpath(a));
        QVERIFY(QDir().mkpath(b));
        QVERIFY(QFile::link(a, m_dir.filePath(QStringLiteral("link-to-a"))));
        const QString password = SecretStore::passwordWord();
        QVERIFY(SecretStore::targetKey(a, QStringLiteral("t"), password) !=
                SecretStore::targetKey(b, QStringLiteral("t"), password));
        QVERIFY(SecretStore::targetKey(a, QStringLiteral("t"), password) !=
                SecretStore::targetKey(a, QStringLiteral("u"), password));
        QVERIFY(SecretStore::targetKey(a, QStringLiteral("t"), password) !=
                SecretStore::targetKey(a, QStringLiteral("t"), SecretStore::passphraseWord()));
        // A '|' in a name cannot make one target's key another's.
        QVERIFY(SecretStore::targetKey(a, QStringLiteral("t|target:u"), password) !=
                SecretStore::targetKey(a + QStringLiteral("|target:t"), QStringLiteral("u"), password));
        // One workspace reached through a symlink or a trailing slash is one set of secrets.
        QCOMPARE(SecretStore::targetKey(m_dir.filePath(QStringLiteral("link-to-a")), QStringLiteral("t"),
                                        password),
                 SecretStore::targetKey(a + QLatin1Char('/'), QStringLiteral("t"), password));
        QCOMPARE(SecretStore::targetKey(a, QStringLiteral("t"), password),
                 SecretStore::targetKeyPrefix(a, QStringLiteral("t")) + password);

        QString error;
        QVERIFY2(SecretStore::write(SecretStore::targetKey(a, QStringLiteral("t"), password), "in a", &error),
                 qPrintable(error));
        SecretFailure failure = SecretFailure::None;
        QVERIFY(
            !SecretStore::read(SecretStore::targetKey(b, QStringLiteral("t"), password), &error, &failure));
        QCOMPARE(failure, SecretFailure::NotFound);
        QVERIFY2(SecretStore::forgetTarget(a, QStringLiteral("t"), &error), qPrintable(error));
        QVERIFY(
            !SecretStore::read(SecretStore::targetKey(a, QStringLiteral("t"), password), &error, &failure));
        QCOMPARE(failure, SecretFailure::NotFound);
    }

    // The keyring daemon's files hold the secret encrypted, not as text.
    void keyringFilesDoNotHoldThePlainSecret()
    {
        const QByteArray secret = "plain-text-canary-7d1f";
        const QString key = QStringLiteral("canary");
        QString error;
        QVERIFY2(SecretStore::write(key, secret, &error), qPrintable(error));
        QDirIterator it(m_keyring->keyringHome(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            ++files;
            const QByteArray content = TestSupport::readFile(path);
            QVERIFY2(!content.contains(secret) && !content.contains(secret.toBase64()), qPrintable(path));
        }
        QVERIFY2(files > 0, "gnome-keyring wrote no files: the secret was not stored where this test looks");
        QVERIFY2(SecretStore::remove(key, &error), qPrintable(error));
    }

    // From threads that are not the main one, one after the other (the first of which has ended before the
    // next call) and at once.
    void callsFromOtherThreads()
    {
        QString error;
        for (int round = 0; round < 2; ++round) {
            bool ok = false;
            std::unique_ptr<QThread> thread(QThread::create([&ok, round] {
                QString threadError;
                const QString key = QStringLiteral("thread-%1").arg(round);
                ok = SecretStore::write(key, "from a thread", &threadError) &&
                     SecretStore::read(key, &threadError).value_or(QByteArray()) == "from a thread" &&
                     SecretStore::remove(key, &threadError);
            }));
            thread->start();
            QVERIFY(thread->wait(60000));
            QVERIFY2(ok, "a keychain round trip from a worker thread failed");
        }
        std::atomic<int> succeeded{0};
        std::vector<std::unique_ptr<QThread>> threads;
        for (int i = 0; i < 6; ++i)
            threads.emplace_back(QThread::create([&succeeded, i] {
                QString threadError;
                const QString key = QStringLiteral("parallel-%1").arg(i);
                const QByteArray value = QByteArray::number(i) + "-value";
                if (SecretStore::write(key, value, &threadError) &&
                    SecretStore::read(key, &threadError) == value && SecretStore::remove(key, &threadError))
                    ++succeeded;
            }));
        for (auto& thread : threads)
            thread->start();
        for (auto& thread : threads)
            QVERIFY(thread->wait(60000));
        QCOMPARE(succeeded.load(), 6);
        // And the main thread still gets answers afterwards.
        QVERIFY2(SecretStore::write(QStringLiteral("main"), "x", &error) &&
                     SecretStore::remove(QStringLiteral("main"), &error),
                 qPrintable(error));
    }

    void wipeZeroesOnlyWhatItAloneHolds()
    {
        QByteArray secret("wipe me");
        const QByteArray other = secret; // shares the bytes
        SecretStore::wipe(secret);
        QVERIFY(secret.isEmpty());
        QCOMPARE(other, QByteArray("wipe me"));
    }

    // Last: the secret service leaves the bus (the bus stays), as when the keyring daemon is not running.
    void unavailableWithoutSecretService()
    {
        QVERIFY(m_keyring->stopKeyring());
        QString error;
        SecretFailure failure = SecretFailure::None;
        QVERIFY(!SecretStore::read(QStringLiteral("any"), &error, &failure));
        QCOMPARE(failure, SecretFailure::Unavailable);
        QVERIFY2(error.startsWith(QLatin1String("the system keychain is unavailable: ")), qPrintable(error));
        QVERIFY(!SecretStore::write(QStringLiteral("any"), "s3cr3t-no-service", &error, &failure));
        QCOMPARE(failure, SecretFailure::Unavailable);
        QVERIFY(!error.contains(QLatin1String("s3cr3t")));
    }

    // After all: the bus itself ends (a desktop session logging out). Calls fail as Unavailable, and the
    // process lives on (GLib would otherwise end it with SIGTERM, and with it a detached runner).
    void survivesTheSessionBusEnding()
    {
        m_keyring.reset();
        for (int call = 0; call < 2; ++call) {
            QString error;
            SecretFailure failure = SecretFailure::None;
            QVERIFY(!SecretStore::read(QStringLiteral("any"), &error, &failure));
            QCOMPARE(failure, SecretFailure::Unavailable);
        }
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "TestSecretStore.moc"
