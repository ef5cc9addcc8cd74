"""Trainyard's stand-in for MLflow's tracking API (standard library only).

Training scripts written for MLflow run unchanged inside a Trainyard run:

    import mlflow
    with mlflow.start_run(run_name="baseline"):
        mlflow.log_params({"lr": 0.01, "epochs": 5})
        for epoch in range(5):
            mlflow.log_metric("loss", loss, step=epoch)
        mlflow.set_tag("stage", "dev")
        mlflow.log_artifact("confusion.png")      # copied into ./outputs

Metrics go to the run's charts, params to its parameters, tags to its tags and artifacts into ./outputs,
through the `trainyard` helper. When the real mlflow is installed anywhere else on sys.path, importing this
package loads that one instead, and the run's MLFLOW_TRACKING_URI (a file store under ./logs/mlruns) is read
by Trainyard while the run runs. What the stand-in does not provide raises an AttributeError that says so.
"""

import trainyard_stand_in as _support

if not _support.step_aside(__name__, __file__):
    from mlflow._stand_in import *  # noqa: F401,F403 - the stand-in's public API
    from mlflow._stand_in import __all__, __version__  # noqa: F401

    _SUBMODULES = ("models", "pytorch", "sklearn")

    def __getattr__(name):
        # Real MLflow loads its flavour modules lazily (mlflow.sklearn without importing it): so does this.
        if name in _SUBMODULES:
            import importlib

            return importlib.import_module(__name__ + "." + name)
        raise _support.missing("mlflow", name)
