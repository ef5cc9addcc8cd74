// Decides which files of a source directory are left out of a run's snapshot, using gitignore syntax.
// Patterns come from .gitignore, .amlignore and .trainyardignore files at the root and in subfolders; a
// nested file's patterns are relative to its folder and override the rules of the folders above it.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

class IgnoreRules
{
public:
    // The file names whose patterns apply, in the order they are read within one folder (later wins).
    static const QStringList& ignoreFileNames();

    // Adds the patterns of one ignore file that lives in relDir ("" for the root, '/'-separated otherwise).
    void addPatternsFrom(const QString& relDir, const QByteArray& fileContents);
    void addPatternsFrom(const QByteArray& encodedRelDir, const QByteArray& fileContents);

    // True when relPath ('/'-separated, relative to the root) is excluded, either by a rule of its own or
    // because one of its parent folders is excluded (git cannot re-include a file below an ignored folder).
    bool isIgnored(const QString& relPath, bool isDir) const;

    // The rule for this entry alone, assuming its parent folders are not ignored. A directory walk that
    // never descends into ignored folders uses this to avoid re-checking every parent for every file.
    // The path is in file-system encoding (QFile::encodeName).
    bool isEntryIgnored(const QByteArray& encodedRelPath, bool isDir) const;

    bool isEmpty() const { return m_groups.isEmpty(); }

private:
    struct Pattern
    {
        QByteArray glob;         // wildmatch pattern, escapes kept
        bool negated = false;    // "!pattern" re-includes
        bool dirOnly = false;    // "pattern/" matches folders only
        bool basenameOnly = false; // no '/' inside: matches the name at any depth below the base folder
        bool literal = false;    // no wildcard or escape: plain comparison is enough
    };
    struct Group
    {
        QByteArray baseDir; // "" or "dir/sub/" (with trailing slash)
        int depth = 0;
        QVector<Pattern> patterns;
    };
    // Ordered by base folder depth, shallow first; equal depths keep insertion order.
    QVector<Group> m_groups;
};
