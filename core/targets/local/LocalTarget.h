// Runs on this machine: the snapshot is copied into the run's own folder and the command runs there as a
// child of the runner process, in its own process group so that cancel reaches every process it started.
#pragma once

#include "targets/ComputeTarget.h"

class LocalTarget final : public ComputeTarget
{
public:
    bool prepare(RunContext& ctx, QString* error) override;
    bool start(RunContext& ctx, QString* error) override;
    ~LocalTarget() override;
    TargetPoll poll(RunContext& ctx) override;
    void waitForChange(RunContext& ctx, int timeoutMs) override;
    bool sync(RunContext& ctx, QString* error) override;
    void terminate(RunContext& ctx) override;
    void kill(RunContext& ctx) override;
    bool finish(RunContext& ctx, QString* error) override;

private:
    int m_pidFd = -1; // readable once the child has exited
};
