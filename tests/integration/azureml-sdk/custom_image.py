# An Estimator with custom_docker_image (argv[1], an image the tests built): the job runs inside it.
import json
import sys

from azureml.core import Experiment, Workspace
from azureml.train.estimator import Estimator

ws = Workspace.from_config()
est = Estimator(source_directory="./my-container-proj", entry_script="train.py", compute_target="local",
                custom_docker_image=sys.argv[1], environment_variables={"GREETING": "hello"})
run = Experiment(ws, "in-image").submit(est)
details = run.wait_for_completion(show_output=True)
assert details["status"] == "Completed", details
assert run.get_metrics() == {"loss": [0.9, 0.5, 0.25]}, run.get_metrics()
run.download_file("outputs/done.txt", "done.txt")
assert open("done.txt").read() == "hello"
print("RESULT " + json.dumps({"run_id": run.id}))
