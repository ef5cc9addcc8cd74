#include "snapshot/IgnoreRules.h"

#include <QFile>

#include <algorithm>
#include <cstring>

namespace {

enum WildResult { WildMatch = 0, WildNoMatch = 1, WildAbortAll = -1, WildAbortToStarStar = -2 };

// Git's wildmatch with WM_PATHNAME semantics: '*' and '?' stop at '/', "**" spans folders only as a whole
// path component ("**/x", "x/**", "a/**/b"). Works on NUL-terminated bytes so non-UTF-8 names match too.
int wildmatch(const unsigned char* p, const unsigned char* text)
{
    const unsigned char* const patternStart = p;
    for (unsigned char pc; (pc = *p) != '\0'; ++text, ++p) {
        unsigned char tc = *text;
        if (tc == '\0' && pc != '*')
            return WildAbortAll;
        switch (pc) {
        case '\\':
            pc = *++p;
            if (pc == '\0')
                return WildNoMatch; // a lone trailing backslash matches nothing, as in git
            if (tc != pc)
                return WildNoMatch;
            continue;
        default:
            if (tc != pc)
                return WildNoMatch;
            continue;
        case '?':
            if (tc == '/')
                return WildNoMatch;
            continue;
        case '*': {
            bool matchSlash = false;
            if (*++p == '*') {
                const unsigned char* prev = p - 2;
                while (*++p == '*') {
                }
                if ((prev < patternStart || *prev == '/')
                    && (*p == '\0' || *p == '/' || (p[0] == '\\' && p[1] == '/'))) {
                    if (p[0] == '/' && wildmatch(p + 1, text) == WildMatch)
                        return WildMatch;
                    matchSlash = true;
                }
            }
            if (*p == '\0') {
                if (!matchSlash && std::strchr(reinterpret_cast<const char*>(text), '/'))
                    return WildNoMatch;
                return WildMatch;
            }
            if (!matchSlash && *p == '/') {
                const char* slash = std::strchr(reinterpret_cast<const char*>(text), '/');
                if (!slash)
                    return WildNoMatch;
                text = reinterpret_cast<const unsigned char*>(slash);
                break; // the loop's increment consumes the slash on both sides
            }
            for (;;) {
                if (tc == '\0')
                    break;
                const int matched = wildmatch(p, text);
                if (matched != WildNoMatch) {
                    if (!matchSlash || matched != WildAbortToStarStar)
                        return matched;
                } else if (!matchSlash && tc == '/') {
                    return WildAbortToStarStar;
                }
                tc = *++text;
            }
            return WildAbortAll;
        }
        case '[': {
            pc = *++p;
            if (pc == '^')
                pc = '!';
            const bool negated = pc == '!';
            if (negated)
                pc = *++p;
            unsigned char prevChar = 0;
            bool matched = false;
            do {
                if (pc == '\0')
                    return WildAbortAll;
                if (pc == '\\') {
                    pc = *++p;
                    if (pc == '\0')
                        return WildAbortAll;
                    if (tc == pc)
                        matched = true;
                } else if (pc == '-' && prevChar && p[1] && p[1] != ']') {
                    pc = *++p;
                    if (pc == '\\') {
                        pc = *++p;
                        if (pc == '\0')
                            return WildAbortAll;
                    }
                    if (tc <= pc && tc >= prevChar)
                        matched = true;
                    pc = 0; // a range cannot start another range
                } else if (tc == pc) {
                    matched = true;
                }
                prevChar = pc;
            } while ((pc = *++p) != ']');
            if (matched == negated || tc == '/')
                return WildNoMatch;
            continue;
        }
        }
    }
    return *text ? WildNoMatch : WildMatch;
}

bool hasWildcard(const QByteArray& glob)
{
    for (char c : glob) {
        if (c == '*' || c == '?' || c == '[' || c == '\\')
            return true;
    }
    return false;
}

// Trailing spaces are dropped unless escaped with a backslash ("a\ " keeps one space).
QByteArray trimTrailingSpaces(QByteArray line)
{
    while (line.endsWith(' ')) {
        int backslashes = 0;
        for (int i = line.size() - 2; i >= 0 && line.at(i) == '\\'; --i)
            ++backslashes;
        if (backslashes % 2 == 1)
            break;
        line.chop(1);
    }
    return line;
}

} // namespace

const QStringList& IgnoreRules::ignoreFileNames()
{
    static const QStringList names{QStringLiteral(".gitignore"), QStringLiteral(".amlignore"),
                                   QStringLiteral(".trainyardignore")};
    return names;
}

void IgnoreRules::addPatternsFrom(const QString& relDir, const QByteArray& fileContents)
{
    addPatternsFrom(QFile::encodeName(relDir), fileContents);
}

void IgnoreRules::addPatternsFrom(const QByteArray& encodedRelDir, const QByteArray& fileContents)
{
    Group group;
    group.baseDir = encodedRelDir;
    while (group.baseDir.startsWith('/'))
        group.baseDir.remove(0, 1);
    while (group.baseDir.endsWith('/'))
        group.baseDir.chop(1);
    if (group.baseDir == ".")
        group.baseDir.clear();
    if (!group.baseDir.isEmpty()) {
        group.depth = int(group.baseDir.count('/')) + 1;
        group.baseDir.append('/');
    }

    for (QByteArray line : fileContents.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        line = trimTrailingSpaces(line);
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        Pattern pattern;
        if (line.startsWith('!')) {
            pattern.negated = true;
            line.remove(0, 1);
        }
        if (line.endsWith('/')) {
            pattern.dirOnly = true;
            line.chop(1);
        }
        if (line.isEmpty())
            continue;
        // A slash anywhere but at the end anchors the pattern to the ignore file's folder.
        pattern.basenameOnly = !line.contains('/');
        if (line.startsWith('/'))
            line.remove(0, 1);
        if (line.isEmpty())
            continue;
        pattern.literal = !hasWildcard(line);
        pattern.glob = line;
        group.patterns.append(pattern);
    }
    if (group.patterns.isEmpty())
        return;

    const auto insertAt = std::upper_bound(m_groups.begin(), m_groups.end(), group.depth,
                                           [](int depth, const Group& g) { return depth < g.depth; });
    m_groups.insert(insertAt, group);
}

bool IgnoreRules::isEntryIgnored(const QByteArray& encodedRelPath, bool isDir) const
{
    const int lastSlash = int(encodedRelPath.lastIndexOf('/'));
    const char* base = encodedRelPath.constData() + lastSlash + 1;
    if (std::strcmp(base, ".git") == 0)
        return true;

    // Deeper files come later and the last matching line wins, so scan backwards and stop at the first match.
    for (auto group = m_groups.crbegin(); group != m_groups.crend(); ++group) {
        if (!group->baseDir.isEmpty()
            && (encodedRelPath.size() <= group->baseDir.size() || !encodedRelPath.startsWith(group->baseDir)))
            continue;
        const char* relToBase = encodedRelPath.constData() + group->baseDir.size();
        for (auto pattern = group->patterns.crbegin(); pattern != group->patterns.crend(); ++pattern) {
            if (pattern->dirOnly && !isDir)
                continue;
            const char* subject = pattern->basenameOnly ? base : relToBase;
            const bool matched = pattern->literal
                ? std::strcmp(subject, pattern->glob.constData()) == 0
                : wildmatch(reinterpret_cast<const unsigned char*>(pattern->glob.constData()),
                            reinterpret_cast<const unsigned char*>(subject)) == WildMatch;
            if (matched)
                return !pattern->negated;
        }
    }
    return false;
}

bool IgnoreRules::isIgnored(const QString& relPath, bool isDir) const
{
    QByteArray path = QFile::encodeName(relPath);
    while (path.startsWith('/'))
        path.remove(0, 1);
    while (path.endsWith('/'))
        path.chop(1);
    if (path.isEmpty())
        return false;
    for (int slash = int(path.indexOf('/')); slash >= 0; slash = int(path.indexOf('/', slash + 1))) {
        if (isEntryIgnored(path.left(slash), true))
            return true;
    }
    return isEntryIgnored(path, isDir);
}
