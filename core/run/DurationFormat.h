// How a duration reads wherever Trainyard shows one (the runs table, the run page, the CLI's listings): the
// two largest units, the smaller one padded, e.g. "45s", "3m 05s", "2h 03m", "3d 04h".
#pragma once

#include <QString>

class DurationFormat
{
public:
    // An empty string for a negative duration (a run that has not started).
    static QString text(qint64 ms);
};
