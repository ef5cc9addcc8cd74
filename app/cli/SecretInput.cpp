#include "SecretInput.h"

#include "OutputFormatter.h"
#include "secrets/SecretStore.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <termios.h>
#include <unistd.h>

namespace {

// The terminal's settings while echo is off, so that a signal that ends the program gives the echo back.
struct termios g_savedTerminal;

void restoreTerminalAndDie(int signal)
{
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

// Echo off on the terminal for as long as it lives.
class EchoOff
{
public:
    EchoOff()
    {
        if (::tcgetattr(STDIN_FILENO, &g_savedTerminal) != 0)
            return;
        struct termios quiet = g_savedTerminal;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP})
            ::signal(signal, &restoreTerminalAndDie);
        m_active = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff()
    {
        if (m_active)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
        for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP})
            ::signal(signal, SIG_DFL);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    bool m_active = false;
};

// One line of stdin without its newline. The bytes are read one at a time into a buffer that is wiped
// whenever it has to grow, so no copy of the secret is left behind in freed memory.
bool readSecretLine(QByteArray* line, QString* error)
{
    QByteArray buffer(256, '\0');
    qsizetype size = 0;
    for (;;) {
        char c = 0;
        const ssize_t got = ::read(STDIN_FILENO, &c, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            SecretStore::wipe(buffer);
            *error =
                QStringLiteral("cannot read stdin: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        if (got == 0 || c == '\n')
            break;
        if (size == buffer.size()) {
            QByteArray larger(buffer.size() * 2, '\0');
            std::memcpy(larger.data(), buffer.constData(), size_t(size));
            SecretStore::wipe(buffer);
            buffer = std::move(larger);
        }
        buffer[size++] = c;
    }
    *line = QByteArray(buffer.constData(), size);
    SecretStore::wipe(buffer);
    return true;
}

} // namespace

bool SecretInput::read(const QString& prompt, OutputFormatter& output, QByteArray* secret, QString* error)
{
    if (!::isatty(STDIN_FILENO))
        return readSecretLine(secret, error);
    // Echo off before the prompt shows (turning it off discards what was typed ahead), as getpass does.
    EchoOff echoOff;
    output.err() << prompt;
    output.flush();
    return readSecretLine(secret, error);
}
