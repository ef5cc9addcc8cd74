// The run lifecycle: Queued → Preparing → Starting → Running → Finalizing → Completed | Failed | Canceled.
#pragma once

#include <QString>
#include <optional>

enum class RunStatus { Queued, Preparing, Starting, Running, Finalizing, Completed, Failed, Canceled };

QString runStatusName(RunStatus status);
std::optional<RunStatus> runStatusFromName(const QString& name);
// A run in a terminal state never changes again.
bool isTerminal(RunStatus status);
// Live states are the ones a runner process owns; such a run must have a living runner.
bool isLive(RunStatus status);
// The SQL condition selecting live runs: status IN ('Preparing','Starting','Running','Finalizing').
// Written exactly as the partial index runs_live is, so that SQLite answers it from the index.
QString liveStatusCondition();
