// EstimatorWriter: turns an Estimator back into estimator.yml text, quoting whatever YAML would otherwise read
// differently, so EstimatorParser::parseText(toYaml(e)) reproduces e exactly.
#pragma once

#include "estimator/Estimator.h"

#include <QByteArray>
#include <QString>

class EstimatorWriter {
public:
    // Every field, in the order of EstimatorParser::knownKeys() (display_name, description, tags, arguments and
    // output_folders only when set); paths relative to relativeTo, the folder where the file will be saved.
    static QByteArray toYaml(const Estimator& e, const QString& relativeTo);
    // Writes toYaml(e, folder of path) atomically: readers see the old file or the new one, never half of it.
    static bool save(const Estimator& e, const QString& path, QString* error);
    // A YAML scalar for text: plain when that reads back as the same string, else single- or double-quoted.
    static QString yamlScalar(const QString& text);
};
