// One secret (a password, a passphrase, a registry token) read from the CLI's stdin: one line, asked for
// without echo on a terminal, kept only in buffers that are wiped when they grow. Never an argument or a
// variable: those show in ps and in the environment of children.
#pragma once

#include <QByteArray>
#include <QString>

class OutputFormatter;

class SecretInput
{
public:
    // From a terminal: prompt on stderr, echo off; otherwise the first line of stdin. The caller wipes
    // *secret (SecretStore::wipe) when done.
    static bool read(const QString& prompt, OutputFormatter& output, QByteArray* secret, QString* error);
};
