# "Distributed training and custom Docker images" of the Azure ML Estimator page on the local target: two
# "nodes" of one MPI process each, inside a custom image. No registry is reachable here, so the page's
# 'continuumio/miniconda' is argv[1], an image the tests build with OpenMPI, mpi4py and a micromamba in it.
import json
import sys

from azureml.core import ComputeTarget, Experiment, Workspace

ws = Workspace.from_config()
compute_target = ComputeTarget(ws, "local")
experiment = Experiment(ws, "keras-mpi")

# --- the page's snippet, as written (the image's name aside) ---------------------------------------------
from azureml.train.estimator import Estimator
from azureml.core.runconfig import MpiConfiguration

estimator = Estimator(source_directory='./my-keras-proj',
                      compute_target=compute_target,
                      entry_script='train.py',
                      node_count=2,
                      process_count_per_node=1,
                      distributed_training=MpiConfiguration(),
                      conda_packages=['tensorflow', 'keras'],
                      custom_docker_image=sys.argv[1])

run = experiment.submit(estimator)
print(run.get_portal_url())
# ---------------------------------------------------------------------------------------------------------

details = run.wait_for_completion(show_output=True)
assert details["status"] == "Completed", details
metrics = run.get_metrics()
assert metrics == {"world_size": 2.0, "rank_sum": 3.0}, metrics
run.download_file("outputs/ranks.json", "ranks.json")
ranks = json.load(open("ranks.json"))
assert ranks == {"world_size": 2, "rank_sum": 3, "omp_rank": "0"}, ranks
print("RESULT " + json.dumps({"run_id": run.id, "metrics": metrics}))
