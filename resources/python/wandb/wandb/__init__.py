"""Trainyard's stand-in for the Weights & Biases client (standard library only).

Training scripts written for W&B run unchanged inside a Trainyard run:

    import wandb
    run = wandb.init(project="mnist", config={"lr": 0.01, "model": {"layers": 2}}, name="baseline",
                     tags=["cnn"])
    for epoch in range(5):
        wandb.log({"loss": loss, "acc": acc})
    run.summary["best_acc"] = best
    wandb.save("model.pt")                        # copied into ./outputs
    wandb.finish()

The config becomes the run's parameters (nested keys joined with dots: model.layers), tags and the name the
run's tags and display name, logged values its metrics (at W&B's step), through the `trainyard` helper. When
the real wandb is installed anywhere else on sys.path, importing this package loads that one instead (the
run then has WANDB_MODE=offline unless it sets it). What the stand-in does not provide (wandb.Image,
wandb.Table, artifacts, sweeps, …) raises an AttributeError that says so.
"""

import trainyard_stand_in as _support

if not _support.step_aside(__name__, __file__):
    from wandb._stand_in import *  # noqa: F401,F403 - the stand-in's public API
    from wandb._stand_in import __all__, __version__  # noqa: F401
    from wandb import _stand_in as _state

    def __getattr__(name):
        # wandb.run, wandb.config and wandb.summary follow the current run, as in W&B.
        if name == "run":
            return _state.current_run()
        if name == "config":
            return _state.config
        if name == "summary":
            return _state.current_summary()
        raise _support.missing("wandb", name)
