#include "UntagCommand.h"

#include "RunCommandSupport.h"
#include "run/RunStore.h"

#include <algorithm>

UntagCommand::UntagCommand()
    : Command(
          QStringLiteral("untag"), QStringLiteral("Runs"),
          QStringLiteral(
              "Removes tags of a run. A NAME the run has no tag of is refused, and then none is removed."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
    addRepeatedPositional(QStringLiteral("NAME"), QStringLiteral("a tag's name"));
}

int UntagCommand::run()
{
    const auto runs = openRuns({positional(0)});
    if (!runs)
        return openFailure();
    const QString id = runs->constFirst().id;
    QString error;
    RunStore store(workspace());
    const auto before = store.tags(id, &error);
    if (!error.isEmpty())
        return fail(error);
    QStringList names;
    QStringList missing;
    for (const QString& name : positionals(1)) {
        if (names.contains(name))
            continue;
        names << name;
        if (std::none_of(before.cbegin(), before.cend(),
                         [&name](const auto& tag) { return tag.first == name; }))
            missing << name;
    }
    if (!missing.isEmpty())
        return fail(QStringLiteral("run %1 has no tag %2; nothing was removed")
                        .arg(id, missing.join(QStringLiteral(", "))),
                    InvalidInput);
    const bool written = RunCommandSupport::inTransaction(
        workspace(),
        [&](QString* writeError) -> bool {
            for (const QString& name : std::as_const(names))
                if (!store.removeTag(id, name, writeError))
                    return false;
            return true;
        },
        &error);
    if (!written)
        return fail(error);
    if (json()) {
        const auto after = store.tags(id, &error);
        if (!error.isEmpty())
            return fail(error);
        QJsonObject left;
        for (const auto& tag : after)
            left.insert(tag.first, tag.second);
        output().printJson(QJsonObject{{QStringLiteral("run"), id}, {QStringLiteral("tags"), left}});
        return Ok;
    }
    output().err() << "Removed from run " << id << ": " << names.join(QStringLiteral(", ")) << "\n";
    return Ok;
}
