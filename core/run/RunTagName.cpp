#include "run/RunTagName.h"

#include <algorithm>

bool RunTagName::isValid(const QString& name, QString* error)
{
    QString problem;
    if (name.isEmpty())
        problem = QStringLiteral("a tag needs a name");
    else if (name.size() > kMaxLength)
        problem =
            QStringLiteral("tag name \"%1…\": at most %2 characters").arg(name.left(20)).arg(kMaxLength);
    else if (name.contains(QLatin1Char('=')))
        // `tag RUN K=V` splits at the first '='.
        problem = QStringLiteral("tag name \"%1\": no '=' allowed").arg(name);
    else if (std::any_of(name.cbegin(), name.cend(),
                         [](QChar c) { return c.isSpace() || c.category() == QChar::Other_Control; }))
        problem = QStringLiteral("tag name \"%1\": no spaces or control characters allowed").arg(name);
    if (error)
        *error = problem;
    return problem.isEmpty();
}
