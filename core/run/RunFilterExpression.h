// The filter language of run listings (the runs table's filter field, `trainyard-cli runs --filter`):
//   params.regularization > 0.1 and metrics.val_accuracy.max >= 0.78 and tags.stage = "dev"
// Fields are the RunColumn keys plus `archived`; operators = != < <= > >= ~ (contains, case-insensitive),
// `in ("a", "b")`, and, or, not, parentheses; values are numbers, quoted strings ("…" or '…', \ escapes the
// quote) or bare words.
//
// Semantics, in SQL's terms: a run that lacks the value never matches a comparison, whichever the operator, so
// `params.x != 1` lists only runs that have x (and it is not 1); `not params.x = 1` also lists those without x.
// A param compares as a number when the literal is a number, as text otherwise. Metrics compare as numbers only.
// Dates are local time (`2026-11-30`, `2026-11-30T12:00`) or relative to now (`-7d`, `-12h`, `-30m`); `=` with a
// date alone is that whole day. Durations are seconds or carry a unit (`90s`, `5m`, `2h`, `1d`).
//
// The text is turned into an SQL condition over the `runs` table whose values are all bound: no user text is
// ever part of the SQL.
#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

struct RunFilterError
{
    QString message;
    int offset = 0; // of the wrong token in the expression's text
    int length = 0; // 0 at the end of the text
};

// The names a completion offers after `params.`, `metrics.` and `tags.`.
struct RunFilterVocabulary
{
    QStringList params;
    QStringList metrics;
    QStringList tags;
};

class RunFilterExpression
{
public:
    // nowMs anchors relative dates and the duration of unfinished runs.
    static std::optional<RunFilterExpression> parse(const QString& text, RunFilterError* error = nullptr, qint64 nowMs = 0);

    // A condition for `WHERE`, to be bound with values() in order.
    const QString& sql() const { return m_sql; }
    // The same condition with each param, metric and tag test made per run (a correlated EXISTS through the
    // side table's key) instead of a set read in whole first: for a statement that stops after a page or
    // tests a few given runs, where reading every matching side row first would cost more than the page.
    // Bound with the same values().
    const QString& probeSql() const { return m_probeSql; }
    const QVariantList& values() const { return m_values; }
    // An expression that asks about `archived` decides itself which archived runs it lists.
    bool referencesArchived() const { return m_referencesArchived; }

    // Whether the text is meant as an expression rather than a plain search text: it contains an operator
    // (= != < <= > >= ~), a parenthesis, or a word `and`, `or`, `not`, `in`.
    static bool looksLikeExpression(const QString& text);

    // Field names the language knows (RunColumn's fields and `archived`), without the params./metrics./tags. ones.
    static QStringList fieldNames();

    // Candidates for the word that ends at cursor: field names (with the vocabulary's params, metrics with
    // .min/.max, tags), keywords, and after `status =` the status names. Each candidate is the whole word.
    static QStringList completions(const QString& text, int cursor, const RunFilterVocabulary& vocabulary);
    // Where the word completions() completes starts.
    static int wordStart(const QString& text, int cursor);

    // "message" plus a line with the text and a caret line under the wrong token, for a terminal.
    static QString describe(const QString& text, const RunFilterError& error);

private:
    QString m_sql;
    QString m_probeSql;
    QVariantList m_values;
    bool m_referencesArchived = false;

    friend class RunFilterParser;
};
