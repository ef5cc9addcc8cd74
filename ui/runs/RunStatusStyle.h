// How a run status looks everywhere in the app: one mid-tone colour per status (readable on light and dark
// palettes alike) and a round icon of that colour, so the table, the run page and the navigation agree.
#pragma once

#include "run/RunStatus.h"

#include <QColor>
#include <QIcon>

class RunStatusStyle
{
public:
    static QColor color(RunStatus status);
    // Cached: the runs table asks for it once per visible row and repaint.
    static QIcon icon(RunStatus status);
};
