# Runs inside the custom Docker image: says where it runs and logs through Run.get_context().
import os
import sys

from azureml.core import Run

run = Run.get_context()
print("inside", "container" if os.path.exists("/run/.containerenv") else "host", "python", sys.executable, flush=True)
for step, loss in enumerate([0.9, 0.5, 0.25]):
    run.log("loss", loss)
os.makedirs("outputs", exist_ok=True)
open("outputs/done.txt", "w").write(os.environ.get("GREETING", ""))
