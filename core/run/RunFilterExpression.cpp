#include "run/RunFilterExpression.h"

#include "run/RunColumn.h"
#include "run/RunStatus.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace {

enum class TokenKind { Word, String, Operator, OpenParen, CloseParen, Comma, End };

struct Token
{
    TokenKind kind = TokenKind::End;
    QString text; // a string's text without quotes and escapes
    int offset = 0;
    int length = 0;
};

bool isOperatorChar(QChar c) { return c == u'=' || c == u'!' || c == u'<' || c == u'>' || c == u'~'; }

bool isWordChar(QChar c)
{
    return !c.isSpace() && !isOperatorChar(c) && c != u'(' && c != u')' && c != u',' && c != u'"' && c != u'\'';
}

bool isKeyword(const QString& word, const char* keyword) { return word.compare(QLatin1String(keyword), Qt::CaseInsensitive) == 0; }

bool isAnyKeyword(const QString& word)
{
    return isKeyword(word, "and") || isKeyword(word, "or") || isKeyword(word, "not") || isKeyword(word, "in");
}

std::optional<double> numberOf(const QString& text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

int editDistance(const QString& a, const QString& b)
{
    QVector<int> row(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

QString likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

const QString kArchived = QStringLiteral("archived");

struct Literal
{
    QString text;
    bool quoted = false;
    int offset = 0;
    int length = 0;
};

// A side-table test opens as a set (`+runs.id IN (SELECT run_id …`, read once into a temporary index: for a
// statement that tests every run) or as a probe of the run's own rows (`EXISTS (…`, through the table's
// (run_id, name) key: for a statement that stops after a page). Both bind the same values in the same order.
QString sideTableSetOpening(const QString& table)
{
    return QStringLiteral("+runs.id IN (SELECT run_id FROM %1 WHERE name = ? AND ").arg(table);
}

QString sideTableProbeOpening(const QString& table)
{
    return QStringLiteral("EXISTS (SELECT 1 FROM %1 WHERE run_id = runs.id AND name = ? AND ").arg(table);
}

} // namespace

class RunFilterParser
{
public:
    RunFilterParser(const QString& text, qint64 nowMs) : m_text(text), m_nowMs(nowMs) {}

    bool run(RunFilterExpression* out)
    {
        if (!tokenize())
            return false;
        if (m_tokens.size() == 1)
            return fail(QStringLiteral("the filter is empty"), m_tokens.first());
        QString sql;
        if (!parseOr(&sql))
            return false;
        if (current().kind != TokenKind::End) {
            if (current().kind == TokenKind::CloseParen)
                return fail(QStringLiteral("\")\" without a matching \"(\""), current());
            return fail(QStringLiteral("expected \"and\" or \"or\" before \"%1\"").arg(tokenText(current())), current());
        }
        out->m_sql = sql;
        out->m_probeSql = sql;
        for (const char* table : {"run_params", "run_metrics", "run_tags"}) {
            const QString name = QLatin1String(table);
            out->m_probeSql.replace(sideTableSetOpening(name), sideTableProbeOpening(name));
        }
        out->m_values = m_values;
        out->m_referencesArchived = m_referencesArchived;
        return true;
    }

    RunFilterError error;

private:
    bool fail(const QString& message, const Token& token)
    {
        error = RunFilterError{message, token.offset, token.length};
        return false;
    }
    bool fail(const QString& message, const Literal& literal)
    {
        error = RunFilterError{message, literal.offset, literal.length};
        return false;
    }

    QString tokenText(const Token& token) const { return m_text.mid(token.offset, token.length); }

    bool tokenize()
    {
        int i = 0;
        const int n = int(m_text.size());
        while (i < n) {
            const QChar c = m_text[i];
            if (c.isSpace()) {
                ++i;
                continue;
            }
            Token token;
            token.offset = i;
            if (c == u'(' || c == u')' || c == u',') {
                token.kind = c == u'(' ? TokenKind::OpenParen : c == u')' ? TokenKind::CloseParen : TokenKind::Comma;
                token.length = 1;
                token.text = c;
                ++i;
            } else if (c == u'"' || c == u'\'') {
                token.kind = TokenKind::String;
                int j = i + 1;
                bool closed = false;
                while (j < n) {
                    if (m_text[j] == u'\\' && j + 1 < n) {
                        token.text += m_text[j + 1];
                        j += 2;
                        continue;
                    }
                    if (m_text[j] == c) {
                        closed = true;
                        ++j;
                        break;
                    }
                    token.text += m_text[j++];
                }
                if (!closed) {
                    error = RunFilterError{QStringLiteral("unterminated string"), i, n - i};
                    return false;
                }
                token.length = j - i;
                i = j;
            } else if (isOperatorChar(c)) {
                token.kind = TokenKind::Operator;
                const QChar next = i + 1 < n ? m_text[i + 1] : QChar();
                if ((c == u'!' || c == u'<' || c == u'>') && next == u'=')
                    token.length = 2;
                else if (c == u'=' && next == u'=')
                    token.length = 2; // "==" reads as "="
                else if (c == u'!') {
                    error = RunFilterError{QStringLiteral("\"!\" is no operator: use \"!=\" or \"not\""), i, 1};
                    return false;
                } else
                    token.length = 1;
                token.text = m_text.mid(i, token.length);
                if (token.text == QLatin1String("=="))
                    token.text = QStringLiteral("=");
                i += token.length;
            } else {
                token.kind = TokenKind::Word;
                int j = i;
                while (j < n && isWordChar(m_text[j]))
                    ++j;
                token.length = j - i;
                token.text = m_text.mid(i, token.length);
                i = j;
            }
            m_tokens << token;
        }
        Token end;
        end.kind = TokenKind::End;
        end.offset = n;
        m_tokens << end;
        return true;
    }

    const Token& current() const { return m_tokens.at(m_position); }
    bool atKeyword(const char* keyword) const { return current().kind == TokenKind::Word && isKeyword(current().text, keyword); }

    bool parseOr(QString* sql)
    {
        QString left;
        if (!parseAnd(&left))
            return false;
        QStringList parts{left};
        while (atKeyword("or")) {
            ++m_position;
            QString right;
            if (!parseAnd(&right))
                return false;
            parts << right;
        }
        *sql = parts.size() == 1 ? parts.first() : QLatin1Char('(') + parts.join(QStringLiteral(" OR ")) + QLatin1Char(')');
        return true;
    }

    bool parseAnd(QString* sql)
    {
        QString left;
        if (!parseUnary(&left))
            return false;
        QStringList parts{left};
        while (atKeyword("and")) {
            ++m_position;
            QString right;
            if (!parseUnary(&right))
                return false;
            parts << right;
        }
        *sql = parts.size() == 1 ? parts.first() : QLatin1Char('(') + parts.join(QStringLiteral(" AND ")) + QLatin1Char(')');
        return true;
    }

    bool parseUnary(QString* sql)
    {
        if (atKeyword("not")) {
            ++m_position;
            QString inner;
            if (!parseUnary(&inner))
                return false;
            // A comparison is never NULL (see comparisonSql), so NOT is plain negation: runs lacking the value
            // are among those "not" lists.
            *sql = QStringLiteral("(NOT %1)").arg(inner);
            return true;
        }
        return parsePrimary(sql);
    }

    bool parsePrimary(QString* sql)
    {
        const Token token = current();
        if (token.kind == TokenKind::OpenParen) {
            ++m_position;
            QString inner;
            if (!parseOr(&inner))
                return false;
            if (current().kind != TokenKind::CloseParen)
                return fail(QStringLiteral("expected \")\" to close the \"(\" at %1").arg(token.offset + 1), current());
            ++m_position;
            *sql = inner;
            return true;
        }
        if (token.kind == TokenKind::End)
            return fail(m_position == 0 ? QStringLiteral("the filter is empty")
                                        : QStringLiteral("expected a condition after \"%1\"").arg(tokenText(m_tokens.at(m_position - 1))),
                        token);
        if (token.kind != TokenKind::Word || isAnyKeyword(token.text))
            return fail(QStringLiteral("expected a field (params.NAME, metrics.NAME, tags.NAME, status, …), got \"%1\"")
                            .arg(tokenText(token)),
                        token);
        return parseComparison(sql);
    }

    bool readLiteral(Literal* literal, const QString& after)
    {
        const Token& token = current();
        if (token.kind != TokenKind::Word && token.kind != TokenKind::String)
            return fail(QStringLiteral("expected a value after \"%1\"").arg(after), token);
        if (token.kind == TokenKind::Word && isAnyKeyword(token.text))
            return fail(QStringLiteral("expected a value after \"%1\", got the keyword \"%2\" (quote it to mean the text)")
                            .arg(after, token.text),
                        token);
        *literal = Literal{token.text, token.kind == TokenKind::String, token.offset, token.length};
        ++m_position;
        return true;
    }

    bool parseComparison(QString* sql)
    {
        const Token fieldToken = current();
        ++m_position;
        std::optional<RunColumn> column;
        if (fieldToken.text == kArchived) {
            m_referencesArchived = true;
        } else {
            column = resolveField(fieldToken);
            if (!column)
                return false;
        }
        const Token opToken = current();
        QVector<Literal> literals;
        QString op;
        if (opToken.kind == TokenKind::Word && isKeyword(opToken.text, "in")) {
            op = QStringLiteral("in");
            ++m_position;
            if (current().kind != TokenKind::OpenParen)
                return fail(QStringLiteral("expected \"(\" after \"in\""), current());
            ++m_position;
            for (;;) {
                Literal literal;
                if (!readLiteral(&literal, literals.isEmpty() ? QStringLiteral("(") : QStringLiteral(",")))
                    return false;
                literals << literal;
                if (current().kind == TokenKind::Comma) {
                    ++m_position;
                    continue;
                }
                if (current().kind == TokenKind::CloseParen) {
                    ++m_position;
                    break;
                }
                return fail(QStringLiteral("expected \",\" or \")\" in the list after \"in\""), current());
            }
        } else if (opToken.kind == TokenKind::Operator) {
            op = opToken.text;
            ++m_position;
            Literal literal;
            if (!readLiteral(&literal, op))
                return false;
            literals << literal;
        } else {
            return fail(QStringLiteral("expected an operator (= != < <= > >= ~ in) after \"%1\"").arg(fieldToken.text),
                        opToken.kind == TokenKind::End ? opToken : opToken);
        }
        if (!column)
            return archivedSql(op, literals, opToken, sql);
        switch (column->kind) {
        case RunColumn::Kind::Param:
            return paramSql(*column, op, literals, sql);
        case RunColumn::Kind::Metric:
            return metricSql(*column, op, literals, opToken, sql);
        case RunColumn::Kind::Tag:
            return tagSql(*column, op, literals, sql);
        case RunColumn::Kind::Field:
            break;
        }
        return fieldSql(column->name, op, literals, opToken, sql);
    }

    std::optional<RunColumn> resolveField(const Token& token)
    {
        const QString& word = token.text;
        QString columnError;
        if (std::optional<RunColumn> column = RunColumn::parse(word, &columnError))
            return column;
        QString suggestion;
        const int dot = int(word.indexOf(QLatin1Char('.')));
        if (dot > 0) {
            const QString prefix = word.left(dot).toLower();
            const QString rest = word.mid(dot + 1);
            if (prefix.startsWith(QLatin1String("param")) || prefix == QLatin1String("p"))
                suggestion = QStringLiteral("params.") + rest;
            else if (prefix.startsWith(QLatin1String("metric")) || prefix == QLatin1String("m"))
                suggestion = QStringLiteral("metrics.") + rest;
            else if (prefix.startsWith(QLatin1String("tag")))
                suggestion = QStringLiteral("tags.") + rest;
            if (rest.isEmpty())
                suggestion.clear();
        } else {
            int best = 3;
            for (const QString& name : RunFilterExpression::fieldNames()) {
                const int distance = editDistance(word.toLower(), name);
                if (distance < best) {
                    best = distance;
                    suggestion = name;
                }
            }
        }
        if (word.endsWith(QLatin1Char('.')) && (word == QLatin1String("params.") || word == QLatin1String("metrics.")
                                                 || word == QLatin1String("tags."))) {
            fail(QStringLiteral("\"%1\" names no %2").arg(word, word.startsWith(u'p') ? QStringLiteral("parameter")
                                                              : word.startsWith(u'm') ? QStringLiteral("metric")
                                                                                      : QStringLiteral("tag")),
                 token);
            return std::nullopt;
        }
        fail(suggestion.isEmpty() ? QStringLiteral("unknown field \"%1\": use params.NAME, metrics.NAME[.last|.min|.max], "
                                                   "tags.NAME or one of %2")
                                        .arg(word, RunFilterExpression::fieldNames().join(QStringLiteral(", ")))
                                  : QStringLiteral("unknown field \"%1\" (did you mean %2?)").arg(word, suggestion),
             token);
        return std::nullopt;
    }

    static QString sqlOperator(const QString& op) { return op == QLatin1String("~") ? QStringLiteral("LIKE") : op; }

    // One test of a value column against each literal, OR-ed for `in`; *values gets the bound values.
    template<typename Test>
    bool eachLiteral(const QVector<Literal>& literals, QStringList* tests, Test test)
    {
        for (const Literal& literal : literals) {
            QString part;
            if (!test(literal, &part))
                return false;
            *tests << part;
        }
        return true;
    }

    static QString joined(const QStringList& tests)
    {
        return tests.size() == 1 ? tests.first() : QLatin1Char('(') + tests.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    }

    // Side-table tests are written `+runs.id IN (…)`: the unary plus keeps SQLite from driving the listing from
    // the subquery (it guesses a few rows; a common param matches most runs, and reading each run's wide row
    // in id order cost seconds over 100,000 runs); the subquery is read once into a temporary index and each
    // run is tested against it while the listing walks its own order. probeSql() rewrites each into a test of
    // the run's own row (sideTableProbeOpening).
    bool paramSql(const RunColumn& column, const QString& op, const QVector<Literal>& literals, QString* sql)
    {
        m_values << column.name;
        QStringList tests;
        const QString compare = op == QLatin1String("in") ? QStringLiteral("=") : op;
        eachLiteral(literals, &tests, [&](const Literal& literal, QString* part) {
            const std::optional<double> number = literal.quoted ? std::nullopt : numberOf(literal.text);
            if (compare == QLatin1String("~")) {
                *part = QStringLiteral("value LIKE ? ESCAPE '\\'");
                m_values << likePattern(literal.text);
            } else if (number) {
                *part = QStringLiteral("number %1 ?").arg(compare);
                m_values << *number;
            } else {
                *part = QStringLiteral("value %1 ?").arg(compare);
                m_values << literal.text;
            }
            return true;
        });
        *sql = sideTableSetOpening(QStringLiteral("run_params")) + joined(tests) + QLatin1Char(')');
        return true;
    }

    bool metricSql(const RunColumn& column, const QString& op, const QVector<Literal>& literals, const Token& opToken,
                   QString* sql)
    {
        if (op == QLatin1String("~"))
            return fail(QStringLiteral("\"~\" compares text; %1 is a number: use = != < <= > >=").arg(column.key()), opToken);
        // RunStore keeps a non-finite last value as text ("inf", "-inf", "nan"): read back as numbers here, nan
        // as missing. min and max are over finite values only and never text.
        const QString value = column.aggregate == RunColumn::Aggregate::Min   ? QStringLiteral("min_value")
                              : column.aggregate == RunColumn::Aggregate::Max ? QStringLiteral("max_value")
                                                                              : QStringLiteral(
                                                                                  "(CASE WHEN typeof(last_value) = 'text' THEN "
                                                                                  "(CASE last_value WHEN 'inf' THEN 9e999 "
                                                                                  "WHEN '-inf' THEN -9e999 END) "
                                                                                  "ELSE last_value END)");
        m_values << column.name;
        QStringList tests;
        const QString compare = op == QLatin1String("in") ? QStringLiteral("=") : op;
        for (const Literal& literal : literals) {
            const std::optional<double> number = numberOf(literal.text);
            if (!number)
                return fail(QStringLiteral("%1 is a number; \"%2\" is not one").arg(column.key(), literal.text), literal);
            tests << QStringLiteral("%1 %2 ?").arg(value, compare);
            m_values << *number;
        }
        *sql = sideTableSetOpening(QStringLiteral("run_metrics")) + joined(tests) + QLatin1Char(')');
        return true;
    }

    bool tagSql(const RunColumn& column, const QString& op, const QVector<Literal>& literals, QString* sql)
    {
        m_values << column.name;
        QStringList tests;
        const QString compare = op == QLatin1String("in") ? QStringLiteral("=") : op;
        const bool ordering = compare != QLatin1String("=") && compare != QLatin1String("!=") && compare != QLatin1String("~");
        for (const Literal& literal : literals) {
            const std::optional<double> number = literal.quoted ? std::nullopt : numberOf(literal.text);
            if (compare == QLatin1String("~")) {
                tests << QStringLiteral("value LIKE ? ESCAPE '\\'");
                m_values << likePattern(literal.text);
            } else if (ordering && number) {
                // Tags are text; "epoch > 5" means the number a tag's text reads as.
                tests << QStringLiteral("(CAST(value AS REAL) %1 ? AND trim(value) GLOB '*[0-9]*' "
                                        "AND trim(value) NOT GLOB '*[^0-9.eE+-]*')")
                             .arg(compare);
                m_values << *number;
            } else {
                tests << QStringLiteral("value %1 ?").arg(compare);
                m_values << literal.text;
            }
        }
        *sql = sideTableSetOpening(QStringLiteral("run_tags")) + joined(tests) + QLatin1Char(')');
        return true;
    }

    bool archivedSql(const QString& op, const QVector<Literal>& literals, const Token& opToken, QString* sql)
    {
        if (op != QLatin1String("=") && op != QLatin1String("!=") && op != QLatin1String("in"))
            return fail(QStringLiteral("archived is true or false: use = or !="), opToken);
        QStringList tests;
        for (const Literal& literal : literals) {
            const QString word = literal.text.toLower();
            int flag = -1;
            if (word == QLatin1String("true") || word == QLatin1String("yes") || word == QLatin1String("1"))
                flag = 1;
            else if (word == QLatin1String("false") || word == QLatin1String("no") || word == QLatin1String("0"))
                flag = 0;
            if (flag < 0)
                return fail(QStringLiteral("archived is true or false, not \"%1\"").arg(literal.text), literal);
            tests << QStringLiteral("runs.archived %1 ?").arg(op == QLatin1String("in") ? QStringLiteral("=") : op);
            m_values << flag;
        }
        *sql = joined(tests);
        return true;
    }

    // A date literal as [start, end) in ms: a day alone covers the day, a time or a relative date is an instant.
    bool dateOf(const Literal& literal, qint64* start, qint64* end)
    {
        static const QRegularExpression relative(QStringLiteral("^-(\\d+)([smhdw])$"));
        const QRegularExpressionMatch match = relative.match(literal.text);
        if (match.hasMatch()) {
            const qint64 amount = match.captured(1).toLongLong();
            const QChar unit = match.captured(2).at(0);
            const qint64 unitMs = unit == u's' ? 1000 : unit == u'm' ? 60'000 : unit == u'h' ? 3'600'000
                                  : unit == u'd'                      ? 86'400'000
                                                                      : 7 * 86'400'000LL;
            *start = m_nowMs - amount * unitMs;
            *end = *start + 1;
            return true;
        }
        const QDate day = QDate::fromString(literal.text, Qt::ISODate);
        if (day.isValid()) {
            *start = QDateTime(day, QTime(0, 0)).toMSecsSinceEpoch();
            *end = QDateTime(day.addDays(1), QTime(0, 0)).toMSecsSinceEpoch();
            return true;
        }
        QDateTime instant = QDateTime::fromString(literal.text, Qt::ISODate);
        if (!instant.isValid())
            instant = QDateTime::fromString(literal.text, QStringLiteral("yyyy-MM-dd HH:mm"));
        if (instant.isValid()) {
            *start = instant.toMSecsSinceEpoch();
            *end = *start + 1;
            return true;
        }
        return fail(QStringLiteral("expected a date (2026-11-30, 2026-11-30T12:00) or a time before now (-7d, -12h), "
                                   "got \"%1\"")
                        .arg(literal.text),
                    literal);
    }

    bool durationOf(const Literal& literal, qint64* ms)
    {
        static const QRegularExpression pattern(QStringLiteral("^(\\d+(?:\\.\\d+)?)([smhd]?)$"));
        const QRegularExpressionMatch match = pattern.match(literal.text);
        if (!match.hasMatch())
            return fail(QStringLiteral("expected a duration in seconds or with a unit (90s, 5m, 2h, 1d), got \"%1\"")
                            .arg(literal.text),
                        literal);
        const double amount = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        const double unitMs = unit == QLatin1String("m") ? 60'000.0 : unit == QLatin1String("h") ? 3'600'000.0
                              : unit == QLatin1String("d")                                        ? 86'400'000.0
                                                                                                  : 1000.0;
        *ms = qint64(amount * unitMs);
        return true;
    }

    bool fieldSql(const QString& field, const QString& op, const QVector<Literal>& literals, const Token& opToken, QString* sql)
    {
        const QString compare = op == QLatin1String("in") ? QStringLiteral("=") : op;
        const bool equality = compare == QLatin1String("=") || compare == QLatin1String("!=");
        QStringList tests;
        if (field == QLatin1String("status")) {
            if (!equality)
                return fail(QStringLiteral("status is compared with = != or in"), opToken);
            for (const Literal& literal : literals) {
                std::optional<RunStatus> status;
                for (RunStatus s : {RunStatus::Queued, RunStatus::Preparing, RunStatus::Starting, RunStatus::Running,
                                    RunStatus::Finalizing, RunStatus::Completed, RunStatus::Failed, RunStatus::Canceled}) {
                    if (runStatusName(s).compare(literal.text, Qt::CaseInsensitive) == 0)
                        status = s;
                }
                if (!status)
                    return fail(QStringLiteral("unknown status \"%1\": use Queued, Preparing, Starting, Running, Finalizing, "
                                               "Completed, Failed or Canceled")
                                    .arg(literal.text),
                                literal);
                tests << QStringLiteral("runs.status %1 ?").arg(compare);
                m_values << runStatusName(*status);
            }
            *sql = joined(tests);
            return true;
        }
        if (field == QLatin1String("submitted") || field == QLatin1String("started") || field == QLatin1String("ended")) {
            if (op == QLatin1String("~"))
                return fail(QStringLiteral("%1 is a date: use = != < <= > >=").arg(field), opToken);
            const QString column = QStringLiteral("runs.%1_at").arg(field);
            for (const Literal& literal : literals) {
                qint64 start = 0;
                qint64 end = 0;
                if (!dateOf(literal, &start, &end))
                    return false;
                // 0 or NULL: not started (ended) yet, which no date matches.
                const QString present = QStringLiteral("COALESCE(%1, 0) > 0").arg(column);
                if (compare == QLatin1String("=") || compare == QLatin1String("!=")) {
                    tests << QStringLiteral("(%1 AND %2(%3 >= ? AND %3 < ?))")
                                 .arg(present, compare == QLatin1String("!=") ? QStringLiteral("NOT ") : QString(), column);
                    m_values << start << end;
                } else {
                    // A whole day: "> day" is after the day, "<= day" up to its end.
                    const bool fromEnd = compare == QLatin1String(">") || compare == QLatin1String("<=");
                    tests << QStringLiteral("(%1 AND %2 %3 ?)")
                                 .arg(present, column, compare == QLatin1String(">") ? QStringLiteral(">=")
                                                       : compare == QLatin1String("<=") ? QStringLiteral("<")
                                                                                         : compare);
                    m_values << (fromEnd ? end : start);
                }
            }
            *sql = joined(tests);
            return true;
        }
        if (field == QLatin1String("duration")) {
            if (op == QLatin1String("~"))
                return fail(QStringLiteral("duration is a time span: use = != < <= > >="), opToken);
            for (const Literal& literal : literals) {
                qint64 ms = 0;
                if (!durationOf(literal, &ms))
                    return false;
                tests << QStringLiteral("(COALESCE(runs.started_at, 0) > 0 AND "
                                        "COALESCE(NULLIF(runs.ended_at, 0), ?) - runs.started_at %1 ?)")
                             .arg(compare);
                m_values << m_nowMs << ms;
            }
            *sql = joined(tests);
            return true;
        }
        static const QHash<QString, QString> textColumns{{QStringLiteral("id"), QStringLiteral("runs.id")},
                                                        {QStringLiteral("name"), QStringLiteral("runs.display_name")},
                                                        {QStringLiteral("experiment"), QStringLiteral("runs.experiment")},
                                                        {QStringLiteral("target"), QStringLiteral("runs.compute_target")},
                                                        {QStringLiteral("note"), QStringLiteral("runs.note")}};
        const QString column = textColumns.value(field);
        for (const Literal& literal : literals) {
            if (compare == QLatin1String("~")) {
                tests << QStringLiteral("%1 LIKE ? ESCAPE '\\'").arg(column);
                m_values << likePattern(literal.text);
            } else {
                tests << QStringLiteral("%1 %2 ?").arg(column, compare);
                m_values << literal.text;
            }
        }
        // A missing name or note is NULL, which no comparison matches; COALESCE keeps NOT from turning it true.
        *sql = QStringLiteral("COALESCE(%1, 0)").arg(joined(tests));
        return true;
    }

    QString m_text;
    qint64 m_nowMs = 0;
    QVector<Token> m_tokens;
    int m_position = 0;
    QVariantList m_values;
    bool m_referencesArchived = false;
};

std::optional<RunFilterExpression> RunFilterExpression::parse(const QString& text, RunFilterError* error, qint64 nowMs)
{
    RunFilterParser parser(text, nowMs ? nowMs : QDateTime::currentMSecsSinceEpoch());
    RunFilterExpression expression;
    if (!parser.run(&expression)) {
        if (error)
            *error = parser.error;
        return std::nullopt;
    }
    if (error)
        *error = {};
    return expression;
}

bool RunFilterExpression::looksLikeExpression(const QString& text)
{
    bool inWord = false;
    int wordStart = 0;
    for (int i = 0; i <= text.size(); ++i) {
        const QChar c = i < text.size() ? text[i] : QChar(u' ');
        if (isOperatorChar(c) || c == u'(' || c == u')')
            return true;
        const bool wordChar = isWordChar(c);
        if (wordChar && !inWord) {
            inWord = true;
            wordStart = i;
        } else if (!wordChar && inWord) {
            inWord = false;
            if (isAnyKeyword(text.mid(wordStart, i - wordStart)))
                return true;
        }
    }
    return false;
}

QStringList RunFilterExpression::fieldNames()
{
    QStringList names = RunColumn::fieldKeys();
    names << kArchived;
    return names;
}

int RunFilterExpression::wordStart(const QString& text, int cursor)
{
    int start = std::clamp(cursor, 0, int(text.size()));
    while (start > 0 && isWordChar(text[start - 1]))
        --start;
    return start;
}

QStringList RunFilterExpression::completions(const QString& text, int cursor, const RunFilterVocabulary& vocabulary)
{
    cursor = std::clamp(cursor, 0, int(text.size()));
    const int start = wordStart(text, cursor);
    const QString prefix = text.mid(start, cursor - start);

    // What comes before the word: after an operator a value is wanted, after a value a keyword.
    QString before = text.left(start).trimmed();
    const bool wantsValue = !before.isEmpty() && (isOperatorChar(before.back()) || before.endsWith(u'(') || before.endsWith(u','));
    QStringList candidates;
    if (wantsValue) {
        static const QRegularExpression statusBefore(QStringLiteral("status\\s*(=|!=|in\\s*\\(.*)$"),
                                                     QRegularExpression::CaseInsensitiveOption);
        if (statusBefore.match(before).hasMatch()) {
            for (RunStatus s : {RunStatus::Queued, RunStatus::Preparing, RunStatus::Starting, RunStatus::Running,
                                RunStatus::Finalizing, RunStatus::Completed, RunStatus::Failed, RunStatus::Canceled})
                candidates << runStatusName(s);
        } else if (QRegularExpression(QStringLiteral("archived\\s*!?=$")).match(before).hasMatch()) {
            candidates << QStringLiteral("true") << QStringLiteral("false");
        }
    } else {
        const bool afterCondition = !before.isEmpty() && !before.endsWith(u'(')
                                    && !QRegularExpression(QStringLiteral("(^|\\s)(and|or|not)$"), QRegularExpression::CaseInsensitiveOption)
                                            .match(before)
                                            .hasMatch();
        if (afterCondition) {
            candidates << QStringLiteral("and") << QStringLiteral("or") << QStringLiteral("in");
        } else {
            candidates << fieldNames();
            for (const QString& name : vocabulary.params)
                candidates << QStringLiteral("params.") + name;
            for (const QString& name : vocabulary.metrics)
                candidates << QStringLiteral("metrics.") + name << QStringLiteral("metrics.") + name + QStringLiteral(".min")
                           << QStringLiteral("metrics.") + name + QStringLiteral(".max");
            for (const QString& name : vocabulary.tags)
                candidates << QStringLiteral("tags.") + name;
            candidates << QStringLiteral("not");
        }
    }
    QStringList matching;
    for (const QString& candidate : std::as_const(candidates)) {
        if (candidate.startsWith(prefix, Qt::CaseInsensitive) && !matching.contains(candidate))
            matching << candidate;
    }
    return matching;
}

QString RunFilterExpression::describe(const QString& text, const RunFilterError& error)
{
    const QString caret = QString(error.offset, u' ') + QString(std::max(1, error.length), u'^');
    return QStringLiteral("%1\n  %2\n  %3").arg(error.message, text, caret);
}
