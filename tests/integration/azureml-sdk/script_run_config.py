# ScriptRunConfig with an argument list (a downloaded dataset among them), an Environment with
# CondaDependencies and a variable, tags; then cancel of a second, slow run. Run from the projects' folder.
import json

from azureml.core import Dataset, Environment, Experiment, Run, ScriptRunConfig, Workspace
from azureml.core.conda_dependencies import CondaDependencies

ws = Workspace.from_config()
experiment = Experiment(ws, "script-run")
ds = Dataset.get_by_name(ws, "mnist")
env = Environment("numpy-env")
env.python.conda_dependencies = CondaDependencies.create(conda_packages=["numpy"])
env.environment_variables = {"FROM_ENVIRONMENT": "yes"}
src = ScriptRunConfig(source_directory="./my-script-proj", script="train.py",
                      arguments=["--data", ds.as_named_input("mnist").as_download(), "--lr", 0.5, "--epochs", 3,
                                 "--verbose", "first"],
                      compute_target="local", environment=env)
run = experiment.submit(src, tags={"kind": "script"})
details = run.wait_for_completion(show_output=False)
assert details["status"] == "Completed", details
metrics = run.get_metrics()
assert metrics == {"lr_scaled": [0.5, 1.0, 1.5]}, metrics
assert run.get_tags()["kind"] == "script"
same = Run(experiment, run.id)
assert same.get_status() == "Completed" and same.get_portal_url() == "trainyard://run/" + run.id
run.display_name = "first try"
assert Run.get(ws, run.id).display_name == "first try"
listed = [r.id for r in experiment.get_runs()]
assert run.id in listed, listed

slow = experiment.submit(ScriptRunConfig(source_directory="./my-script-proj", script="train.py",
                                         arguments=["--data", ds.as_download(), "--lr", 1, "--epochs", 1,
                                                    "--sleep", 600, "second"]))
slow.cancel()
try:
    slow.wait_for_completion(raise_on_error=True)
    raise AssertionError("a canceled run did not raise")
except Exception as e:
    assert type(e).__name__ == "ActivityFailedException", e
assert slow.get_status() == "Canceled", slow.get_status()
print("RESULT " + json.dumps({"run_id": run.id, "slow_id": slow.id, "metrics": metrics}))
