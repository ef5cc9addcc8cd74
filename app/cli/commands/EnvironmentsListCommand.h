// trainyard-cli environments [--target T]: the environments built on the targets, newest use first.
#pragma once

#include "Command.h"

struct EnvironmentRecord;

class EnvironmentsListCommand : public Command
{
public:
    EnvironmentsListCommand();

    // One environment as `environments --json` and `environments show --json` write it; `full` adds the whole
    // definition, the prefix and every run.
    static QJsonObject toJson(const EnvironmentRecord& environment, bool full);

protected:
    int run() override;
};
