# "Single-node training" of the Azure ML Estimator page, then what the page does with the run: the portal
# link, waiting with the log streamed, download_file and register_model. Run from the folder holding
# my-sklearn-proj/, with config.json in a parent folder; argv[1] is the data folder to register as mnist.
import json
import os
import pickle
import sys

from azureml.core import ComputeTarget, Dataset, Experiment, Model, Workspace

ws = Workspace.from_config()
compute_target = ComputeTarget(workspace=ws, name="local")
assert ws.compute_targets["local"] == compute_target, ws.compute_targets
ds = Dataset.File.from_files(path=sys.argv[1]).register(workspace=ws, name="mnist", description="points")
ds = Dataset.get_by_name(ws, name="mnist")
experiment = Experiment(workspace=ws, name="sklearn-mnist")

# --- the page's snippet, as written ---------------------------------------------------------------------
from azureml.train.estimator import Estimator

script_params = {
    # to mount files referenced by mnist dataset
    '--data-folder': ds.as_named_input('mnist').as_mount(),
    '--regularization': 0.8
}

sk_est = Estimator(source_directory='./my-sklearn-proj',
                   script_params=script_params,
                   compute_target=compute_target,
                   entry_script='train.py',
                   conda_packages=['scikit-learn'])

run = experiment.submit(sk_est, tags={"stage": "dev"})
print(run.get_portal_url())
# ---------------------------------------------------------------------------------------------------------

assert run.get_status() in ("Queued", "Preparing", "Starting", "Running", "Finalizing", "Completed"), run.get_status()
details = run.wait_for_completion(show_output=True)
assert details["status"] == "Completed", details
assert run.get_status() == "Completed"
assert details["runId"] == run.id and details["target"] == "local", details

run.download_file(name='outputs/my_output_file', output_file_path='my_destination_path')
with open("my_destination_path") as f:
    logged = json.load(f)
# A second download replaces the file, as the SDK's does.
run.download_file(name='outputs/my_output_file', output_file_path='my_destination_path')
os.makedirs("downloads", exist_ok=True)
assert run.download_file("outputs/my_output_file", "downloads") == os.path.abspath("downloads/my_output_file")

metrics = run.get_metrics()
# What the script logged, value by value (floats through JSON both ways: exact).
assert metrics["regularization"] == 0.8 == logged["regularization"], metrics
assert metrics["accuracy"] == logged["accuracy"], (metrics, logged)
assert metrics["coefficients"] == logged["coefficients"], (metrics, logged)
assert not any(name.startswith("system/") for name in metrics), metrics
assert run.get_metrics(name="accuracy") == {"accuracy": logged["accuracy"]}

names = run.get_file_names()
for expected in ("outputs/my_output_file", "outputs/sklearn-sample", "system/stdout.log"):
    assert expected in names, names
written = run.download_files(prefix="outputs", output_directory="all")
assert sorted(written) == sorted(os.path.abspath(os.path.join("all", n)) for n in names if n.startswith("outputs")), written

tags = run.get_tags()
assert tags.get("stage") == "dev" and tags.get("solver") == "liblinear", tags

model = run.register_model(model_name='sklearn-sample', model_path=None)
assert (model.name, model.version) == ("sklearn-sample", 1), model
again = run.register_model("sklearn-sample", "outputs/sklearn-sample", tags={"area": "mnist"}, description="second")
assert again.version == 2 and again.tags == {"area": "mnist"} and again.description == "second", again
found = Model(ws, "sklearn-sample", version=1)
assert found.run_id == run.id and found.version == 1
assert Model(ws, "sklearn-sample").version == 2
path = Model.get_model_path("sklearn-sample", version=1, _workspace=ws)
with open(path, "rb") as f:
    clf = pickle.load(f)
assert [float(c) for c in clf.coef_[0]] == logged["coefficients"]
copy = found.download(target_dir="model-copy")
assert open(copy, "rb").read() == open(path, "rb").read()

print("RESULT " + json.dumps({"run_id": run.id, "url": run.get_portal_url(), "metrics": metrics,
                               "logged": logged, "files": names, "model": [model.name, model.version],
                               "model_path": path, "tags": tags}))
