# Arguments Trainyard cannot honour are refused with their names, all at once, before anything is submitted;
# run from the folder holding the projects, with config.json in a parent folder.
import json

from azureml.core import Dataset, Environment, Experiment, ScriptRunConfig, Workspace
from azureml.core.runconfig import MpiConfiguration, TensorflowConfiguration
from azureml.exceptions import TrainyardUnsupportedError, UserErrorException
from azureml.train.dnn import PyTorch, TensorFlow
from azureml.train.estimator import Estimator
from azureml.train.sklearn import SKLearn

ws = Workspace.from_config()
experiment = Experiment(ws, "refusals")
messages = {}


def refused(label, make, names, kind=TrainyardUnsupportedError):
    try:
        make()
    except kind as e:
        text = str(e)
        for name in names:
            assert name in text, (label, name, text)
        messages[label] = text
        return
    raise AssertionError("%s was accepted" % label)


refused("estimator", lambda: Estimator(source_directory="./my-sklearn-proj", entry_script="train.py",
                                       vm_size="STANDARD_NC6", use_gpu=True, max_run_duration_seconds=3600,
                                       shm_size="4g", resume_from="somewhere"),
        ["vm_size", "use_gpu", "max_run_duration_seconds", "shm_size", "resume_from"])
refused("pytorch", lambda: PyTorch(source_directory="./my-sklearn-proj", entry_script="train.py",
                                   image_registry_details=object(), _enable_optimized_mode=True),
        ["image_registry_details", "_enable_optimized_mode"])
refused("tensorflow", lambda: TensorFlow(source_directory="./my-sklearn-proj", entry_script="train.py",
                                         parameter_server_count=2, worker_count=4),
        ["worker_count", "parameter_server_count"])
refused("tensorflow-ps", lambda: Estimator(source_directory="./my-sklearn-proj", entry_script="train.py",
                                           distributed_training=TensorflowConfiguration()),
        ["distributed_training"])
refused("backend", lambda: Estimator(source_directory="./my-sklearn-proj", entry_script="train.py",
                                     distributed_backend="ps"), ["distributed_backend"])
refused("two-files", lambda: SKLearn(source_directory="./my-sklearn-proj", entry_script="train.py",
                                     conda_dependencies_file="env.yml", pip_requirements_file="req.txt"),
        ["pip_requirements_file"])
refused("env-and-packages", lambda: Estimator(source_directory="./my-sklearn-proj", entry_script="train.py",
                                              environment_definition=Environment("e"), pip_packages=["numpy"]),
        ["pip_packages"])
env = Environment("custom")
env.docker.base_dockerfile = "FROM busybox"
env.python.interpreter_path = "/opt/python"
refused("environment", lambda: ScriptRunConfig("./my-script-proj", "train.py", environment=env),
        ["docker.base_dockerfile", "python.interpreter_path"])
refused("script-run-config", lambda: ScriptRunConfig("./my-script-proj", command=["python", "train.py"],
                                                     max_run_duration_seconds=60, resume_from="x"),
        ["command", "max_run_duration_seconds", "resume_from"])
ds = Dataset.get_by_name(ws, "mnist")
refused("inputs", lambda: Estimator(source_directory="./my-sklearn-proj", entry_script="train.py",
                                    inputs=[ds.as_named_input("mnist").as_mount()]), ["inputs[0]"])
refused("path-on-compute", lambda: ds.as_named_input("mnist").as_mount(path_on_compute="/mnt/data"),
        ["path_on_compute"])
unregistered = Dataset.File.from_files("./my-sklearn-proj")
refused("unregistered", lambda: Estimator(source_directory="./my-sklearn-proj", entry_script="train.py",
                                          script_params={"--data": unregistered.as_mount()}),
        ["not registered", "--data"], UserErrorException)
fine = Estimator(source_directory="./my-sklearn-proj", entry_script="train.py")
refused("submit-kwargs", lambda: experiment.submit(fine, tags={"a": "b"}, show_output=True), ["show_output"])
refused("unknown-target", lambda: experiment.submit(Estimator(source_directory="./my-sklearn-proj",
                                                              entry_script="train.py", compute_target="nowhere")),
        ["nowhere"], UserErrorException)
refused("missing-source", lambda: Estimator(source_directory="./not-here", entry_script="train.py"),
        ["source_directory", "not-here"], UserErrorException)
# framework_version pins the framework's package, as Azure's curated images would provide it.
assert PyTorch(source_directory="./my-pytorch-proj", entry_script="train.py",
               framework_version="1.13").run_config["pip_packages"] == ["torch==1.13.*"]
assert SKLearn(source_directory="./my-sklearn-proj", entry_script="train.py", framework_version="1.2.1",
               pip_packages=["joblib"]).run_config["pip_packages"] == ["joblib", "scikit-learn==1.2.1"]
print("RESULT " + json.dumps(messages))
