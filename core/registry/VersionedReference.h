// A "NAME" or "NAME:VERSION" reference to a registered dataset or model, as users type it on the command line
// and in script_params. Both registries parse references the same way, so the rules live here once.
#pragma once

#include <QString>

#include <optional>

struct VersionedReference
{
    QString name;
    int version = 0; // 0: no version given, meaning the newest

    // Splits `reference` at its last colon. `kind` ("dataset", "model") names the thing in the error message
    // when the part after the colon is not a version number of 1 or more.
    static std::optional<VersionedReference> parse(const QString& reference, const QString& kind, QString* error);
};
