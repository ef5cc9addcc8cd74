#include "registry/VersionedReference.h"

std::optional<VersionedReference> VersionedReference::parse(const QString& reference, const QString& kind,
                                                            QString* error)
{
    VersionedReference parsed{reference, 0};
    const int colon = reference.lastIndexOf(QLatin1Char(':'));
    // A colon at the very start belongs to the name: ":x" is not a version of an empty name.
    if (colon > 0) {
        bool ok = false;
        parsed.version = reference.mid(colon + 1).toInt(&ok);
        if (!ok || parsed.version < 1) {
            *error = QStringLiteral("%1 reference \"%2\": expected NAME or NAME:VERSION").arg(kind, reference);
            return std::nullopt;
        }
        parsed.name = reference.left(colon);
    }
    return parsed;
}
