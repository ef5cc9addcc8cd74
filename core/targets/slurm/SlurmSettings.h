// The settings of a slurm target: the flags of `targets add slurm`, what the GUI's Slurm page edits, and how
// each value is checked before it is stored (every value the batch script uses is one the script can quote).
#pragma once

#include "targets/TargetKind.h"

#include <QVector>

class SlurmSettings
{
public:
    static QVector<TargetSetting> all();
};
