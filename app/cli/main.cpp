#include "CliApplication.h"

#include <QCoreApplication>

#include <csignal>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("trainyard"));
    QCoreApplication::setOrganizationName(QStringLiteral("trainyard"));
    ::signal(SIGPIPE, SIG_IGN); // `trainyard-cli logs RUN | head` ends quietly
    CliApplication cli(app.arguments());
    return cli.exec();
}
