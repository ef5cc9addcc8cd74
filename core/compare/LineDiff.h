// A unified diff of two texts, line by line (Myers' O(ND) algorithm on lines, after the common head and
// tail are set aside). Bounded: past kMaxEdits differing lines the middle is shown as all removed and all
// added, so a rewritten file costs no more time or memory than a small change.
#pragma once

#include <QByteArray>
#include <QString>

class LineDiff
{
public:
    static constexpr int kContextLines = 3;
    static constexpr int kMaxEdits = 4000;

    struct Result {
        QString text; // "@@ -a,b +c,d @@" hunks with ' ', '-', '+' lines; empty when the texts are equal
        int added = 0;
        int removed = 0;
        bool approximate =
            false; // too many changes for a line-by-line diff: the changed middle replaced whole
    };

    static Result unified(const QByteArray& before, const QByteArray& after, int context = kContextLines);
};
