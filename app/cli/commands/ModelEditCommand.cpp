#include "ModelEditCommand.h"

#include "registry/ModelRegistry.h"
#include "workspace/DatabaseError.h"

ModelEditCommand::ModelEditCommand()
    : Command(QStringLiteral("model-edit"), QStringLiteral("Models"),
              QStringLiteral("Changes the description of a registered model version, adds or replaces tags (--tag) "
                             "and removes them (--untag). The model's files never change."))
{
    addPositional(QStringLiteral("NAME[:VERSION|@ALIAS]"), QStringLiteral("the model version, the newest when none is given"));
    addOption(QStringLiteral("description"), QStringLiteral("D"), QStringLiteral("the new description (\"\" clears it)"));
    addOption(QStringLiteral("tag"), QStringLiteral("K=V"), QStringLiteral("adds or replaces a tag"), Repeatable);
    addOption(QStringLiteral("untag"), QStringLiteral("K"), QStringLiteral("removes a tag"), Repeatable);
}

int ModelEditCommand::run()
{
    QVector<QPair<QString, QString>> added;
    for (const QString& item : values(QStringLiteral("tag"))) {
        const int eq = item.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(QStringLiteral("--tag %1: expected KEY=VALUE").arg(item), InvalidInput);
        added.append({item.left(eq), item.mid(eq + 1)});
    }
    const QStringList removed = values(QStringLiteral("untag"));
    if (!isSet(QStringLiteral("description")) && added.isEmpty() && removed.isEmpty())
        return fail(QStringLiteral("model-edit %1: nothing to change: give --description, --tag or --untag").arg(positional(0)),
                    InvalidInput);
    if (!openWorkspace())
        return openFailure();
    QString error;
    ModelRegistry registry(workspace());
    const auto model = registry.resolve(positional(0), &error);
    if (!model)
        return fail(error, DatabaseError::isStorageFault(error) ? Failure : InvalidInput);
    for (const QString& key : removed) {
        const bool known = std::any_of(model->tags.cbegin(), model->tags.cend(), [&key](const auto& tag) { return tag.first == key; });
        if (!known)
            return fail(QStringLiteral("--untag %1: model %2 version %3 has no tag %1").arg(key, model->name).arg(model->version),
                        InvalidInput);
    }
    QVector<QPair<QString, QString>> tags;
    for (const auto& tag : model->tags)
        if (!removed.contains(tag.first))
            tags.append(tag);
    for (const auto& tag : added) {
        auto existing = std::find_if(tags.begin(), tags.end(), [&tag](const auto& t) { return t.first == tag.first; });
        if (existing != tags.end())
            existing->second = tag.second;
        else
            tags.append(tag);
    }
    const QString description = isSet(QStringLiteral("description")) ? value(QStringLiteral("description")) : model->description;
    if (!registry.update(model->name, model->version, description, tags, &error))
        return fail(error);
    if (!json()) {
        output().out() << "Changed model " << model->name << " version " << model->version << "\n";
        return Ok;
    }
    QJsonObject tagObject;
    for (const auto& tag : tags)
        tagObject.insert(tag.first, tag.second);
    output().printJson(QJsonObject{{QStringLiteral("name"), model->name}, {QStringLiteral("version"), model->version},
                                   {QStringLiteral("description"), description}, {QStringLiteral("tags"), tagObject}});
    return Ok;
}
