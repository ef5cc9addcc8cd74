#include "TagCommand.h"

#include "RunCommandSupport.h"
#include "run/RunStore.h"
#include "run/RunTagName.h"

TagCommand::TagCommand()
    : Command(QStringLiteral("tag"), QStringLiteral("Runs"),
              QStringLiteral(
                  "Sets tags of a run; a tag it has already gets the new value. Each tag is NAME=VALUE: "
                  "NAME is one word without '=' (at most %1 characters), VALUE anything, also empty "
                  "(NAME=). A bare NAME is refused, so that a forgotten value is never recorded as empty. "
                  "Tags are shown by `show` and filter runs: tags.NAME = \"VALUE\".")
                  .arg(RunTagName::kMaxLength))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
    addRepeatedPositional(QStringLiteral("NAME=VALUE"), QStringLiteral("a tag"));
}

int TagCommand::run()
{
    QVector<QPair<QString, QString>> tags;
    for (const QString& argument : positionals(1)) {
        const qsizetype equals = argument.indexOf(QLatin1Char('='));
        if (equals < 0)
            return invalidUsage(
                QStringLiteral("tag \"%1\": expected NAME=VALUE (NAME= for an empty value)").arg(argument));
        const QString name = argument.left(equals);
        QString error;
        if (!RunTagName::isValid(name, &error))
            return invalidUsage(error);
        tags.append({name, argument.mid(equals + 1)});
    }
    const auto runs = openRuns({positional(0)});
    if (!runs)
        return openFailure();
    const QString id = runs->constFirst().id;
    QString error;
    RunStore store(workspace());
    const bool written = RunCommandSupport::inTransaction(
        workspace(),
        [&](QString* writeError) -> bool {
            for (const auto& tag : std::as_const(tags))
                if (!store.setTag(id, tag.first, tag.second)) {
                    *writeError = store.lastError();
                    return false;
                }
            return true;
        },
        &error);
    if (!written)
        return fail(error);
    const auto now = store.tags(id, &error);
    if (!error.isEmpty())
        return fail(error);
    if (json()) {
        QJsonObject all;
        for (const auto& tag : now)
            all.insert(tag.first, tag.second);
        output().printJson(QJsonObject{{QStringLiteral("run"), id}, {QStringLiteral("tags"), all}});
        return Ok;
    }
    QStringList set;
    for (const auto& tag : std::as_const(tags))
        set << tag.first + QLatin1Char('=') + tag.second;
    output().err() << "Tagged run " << id << ": " << set.join(QStringLiteral(", ")) << "\n";
    return Ok;
}
