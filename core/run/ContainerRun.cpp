#include "run/ContainerRun.h"

QJsonObject ContainerRun::toJson() const
{
    return {{QStringLiteral("engine"), engine},
            {QStringLiteral("image"), image},
            {QStringLiteral("image_ref"), imageRef},
            {QStringLiteral("image_digest"), imageDigest},
            {QStringLiteral("name"), name},
            {QStringLiteral("init"), init}};
}

ContainerRun ContainerRun::fromJson(const QJsonObject& json)
{
    ContainerRun run;
    run.engine = json.value(QStringLiteral("engine")).toString();
    run.image = json.value(QStringLiteral("image")).toString();
    run.imageRef = json.value(QStringLiteral("image_ref")).toString();
    run.imageDigest = json.value(QStringLiteral("image_digest")).toString();
    run.name = json.value(QStringLiteral("name")).toString();
    run.init = json.value(QStringLiteral("init")).toString();
    return run;
}
