# The PyTorch estimator of azureml.train.dnn with PyTorchConfiguration: two local "nodes", one process each.
import json

from azureml.core import Experiment, Workspace
from azureml.core.runconfig import PyTorchConfiguration
from azureml.train.dnn import PyTorch

ws = Workspace.from_config()
estimator = PyTorch(source_directory="./my-pytorch-proj", compute_target="local", entry_script="train.py",
                    node_count=2, distributed_training=PyTorchConfiguration(communication_backend="gloo"),
                    environment_variables={"OMP_NUM_THREADS": "1"})
assert estimator.run_config["distributed_training"] == "pytorch", estimator.run_config
run = Experiment(ws, "pytorch-ddp").submit(estimator)
details = run.wait_for_completion(show_output=True)
assert details["status"] == "Completed", details
metrics = run.get_metrics()
assert metrics == {"world_size": 2.0, "all_reduce": 3.0}, metrics
print("RESULT " + json.dumps({"run_id": run.id, "metrics": metrics}))
