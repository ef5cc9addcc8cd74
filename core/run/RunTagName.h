// The rule for the name of a tag a person gives a run (trainyard-cli tag, the run page, the runs table's
// Tag…): one word that a filter expression (`tags.stage = "dev"`) and `tag RUN K=V` can name unambiguously.
#pragma once

#include <QString>

class RunTagName
{
public:
    static constexpr int kMaxLength = 128;

    // True when `name` is a usable tag name; otherwise false with *error, when given, saying what is wrong
    // ("tag name \"a b\": no spaces allowed").
    static bool isValid(const QString& name, QString* error = nullptr);
};
