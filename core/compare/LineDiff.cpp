#include "compare/LineDiff.h"

#include <QHash>
#include <QList>
#include <QVector>

#include <vector>

namespace {

struct Lines {
    QList<QByteArray> text;
    bool lastHasNewline = true;
};

Lines splitLines(const QByteArray& data)
{
    Lines lines;
    if (data.isEmpty())
        return lines;
    lines.text = data.split('\n');
    if (data.endsWith('\n'))
        lines.text.removeLast();
    else
        lines.lastHasNewline = false;
    return lines;
}

enum class Op : unsigned char { Equal, Delete, Insert };

struct Edit {
    Op op;
    int a; // index into before (Equal, Delete)
    int b; // index into after (Equal, Insert)
};

// Myers' greedy forward search, keeping for each edit count d only the diagonals it can reach, so the
// trace is O(D²) however long the files are; nullopt past maxEdits.
std::optional<std::vector<Edit>> myers(const int* a, int n, const int* b, int m, int offsetA, int offsetB,
                                       int maxEdits)
{
    std::vector<Edit> edits;
    if (n == 0 || m == 0) {
        for (int i = 0; i < n; ++i)
            edits.push_back({Op::Delete, offsetA + i, offsetB});
        for (int j = 0; j < m; ++j)
            edits.push_back({Op::Insert, offsetA + n, offsetB + j});
        return edits;
    }
    const int max = n + m;
    std::vector<int> v(size_t(2 * max + 3), 0);
    const int center = max + 1;
    std::vector<std::vector<int>> trace;
    int finalD = -1;
    for (int d = 0; d <= max && d <= maxEdits; ++d) {
        // V[k] for k in [-(d+1), d+1], as it was before this step.
        trace.emplace_back(v.begin() + (center - d - 1), v.begin() + (center + d + 2));
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && v[size_t(center + k - 1)] < v[size_t(center + k + 1)]))
                        ? v[size_t(center + k + 1)]
                        : v[size_t(center + k - 1)] + 1;
            int y = x - k;
            while (x < n && y < m && a[x] == b[y]) {
                ++x;
                ++y;
            }
            v[size_t(center + k)] = x;
            if (x >= n && y >= m) {
                finalD = d;
                break;
            }
        }
        if (finalD >= 0)
            break;
    }
    if (finalD < 0)
        return std::nullopt;
    int x = n;
    int y = m;
    std::vector<Edit> reversed;
    for (int d = finalD; d >= 0; --d) {
        const std::vector<int>& slice = trace[size_t(d)];
        const auto at = [&slice, d](int k) { return slice[size_t(k + d + 1)]; };
        const int k = x - y;
        const int prevK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
        const int prevX = d == 0 ? 0 : at(prevK);
        const int prevY = d == 0 ? 0 : prevX - prevK;
        while (x > prevX && y > prevY) {
            --x;
            --y;
            reversed.push_back({Op::Equal, offsetA + x, offsetB + y});
        }
        if (d > 0) {
            if (x == prevX)
                reversed.push_back({Op::Insert, offsetA + prevX, offsetB + prevY});
            else
                reversed.push_back({Op::Delete, offsetA + prevX, offsetB + prevY});
        }
        x = prevX;
        y = prevY;
    }
    edits.assign(reversed.rbegin(), reversed.rend());
    return edits;
}

} // namespace

LineDiff::Result LineDiff::unified(const QByteArray& before, const QByteArray& after, int context)
{
    Result result;
    const Lines a = splitLines(before);
    const Lines b = splitLines(after);
    const int n = int(a.text.size());
    const int m = int(b.text.size());
    // Lines as numbers, so the search compares ints; a last line without its newline is not the same line
    // as one with it.
    QHash<QByteArray, int> ids;
    const auto intern = [&ids](const QByteArray& line, bool last, bool newline) {
        const QByteArray key = last && !newline ? line + QByteArray(1, '\0') : line;
        const auto found = ids.constFind(key);
        return found != ids.constEnd() ? found.value() : ids.insert(key, int(ids.size())).value();
    };
    std::vector<int> ha(static_cast<size_t>(n));
    std::vector<int> hb(static_cast<size_t>(m));
    for (int i = 0; i < n; ++i)
        ha[size_t(i)] = intern(a.text.at(i), i == n - 1, a.lastHasNewline);
    for (int j = 0; j < m; ++j)
        hb[size_t(j)] = intern(b.text.at(j), j == m - 1, b.lastHasNewline);

    int head = 0;
    while (head < n && head < m && ha[size_t(head)] == hb[size_t(head)])
        ++head;
    int tail = 0;
    while (tail < n - head && tail < m - head && ha[size_t(n - 1 - tail)] == hb[size_t(m - 1 - tail)])
        ++tail;
    if (head == n && head == m)
        return result;

    std::vector<Edit> edits;
    for (int i = 0; i < head; ++i)
        edits.push_back({Op::Equal, i, i});
    const int midA = n - head - tail;
    const int midB = m - head - tail;
    auto middle = myers(ha.data() + head, midA, hb.data() + head, midB, head, head, kMaxEdits);
    if (!middle) {
        result.approximate = true;
        middle = myers(nullptr, midA, nullptr, 0, head, head, 0);
        for (int j = 0; j < midB; ++j)
            middle->push_back({Op::Insert, head + midA, head + j});
    }
    edits.insert(edits.end(), middle->begin(), middle->end());
    for (int i = 0; i < tail; ++i)
        edits.push_back({Op::Equal, n - tail + i, m - tail + i});

    // Hunks: each change with `context` equal lines around it, joined where their contexts touch.
    const int count = int(edits.size());
    int i = 0;
    const auto line = [](QChar prefix, const QByteArray& text, bool noNewline) {
        QString out = prefix + QString::fromUtf8(text) + QLatin1Char('\n');
        if (noNewline)
            out += QStringLiteral("\\ No newline at end of file\n");
        return out;
    };
    while (i < count) {
        while (i < count && edits[size_t(i)].op == Op::Equal)
            ++i;
        if (i >= count)
            break;
        const int start = qMax(0, i - context);
        int end = i; // one past the last change of the hunk
        int j = i;
        while (j < count) {
            if (edits[size_t(j)].op != Op::Equal) {
                end = j + 1;
                ++j;
                continue;
            }
            int equalRun = 0;
            while (j + equalRun < count && edits[size_t(j + equalRun)].op == Op::Equal)
                ++equalRun;
            if (j + equalRun >= count || equalRun > 2 * context)
                break;
            j += equalRun;
        }
        const int stop = qMin(count, end + context);
        int aStart = -1, bStart = -1, aCount = 0, bCount = 0;
        QString body;
        for (int e = start; e < stop; ++e) {
            const Edit& edit = edits[size_t(e)];
            if (aStart < 0) {
                aStart = edit.a;
                bStart = edit.b;
            }
            switch (edit.op) {
            case Op::Equal:
                ++aCount;
                ++bCount;
                body += line(QLatin1Char(' '), a.text.at(edit.a), edit.a == n - 1 && !a.lastHasNewline);
                break;
            case Op::Delete:
                ++aCount;
                ++result.removed;
                body += line(QLatin1Char('-'), a.text.at(edit.a), edit.a == n - 1 && !a.lastHasNewline);
                break;
            case Op::Insert:
                ++bCount;
                ++result.added;
                body += line(QLatin1Char('+'), b.text.at(edit.b), edit.b == m - 1 && !b.lastHasNewline);
                break;
            }
        }
        const auto range = [](int startIndex, int lines) {
            const int first = lines == 0 ? startIndex : startIndex + 1;
            return lines == 1 ? QString::number(first) : QStringLiteral("%1,%2").arg(first).arg(lines);
        };
        result.text +=
            QStringLiteral("@@ -%1 +%2 @@\n").arg(range(aStart, aCount), range(bStart, bCount)) + body;
        i = stop;
    }
    return result;
}
