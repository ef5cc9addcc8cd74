# Which workspace Workspace.from_config() and Workspace.get() mean. argv: the folder to run in (below the
# config files the test wrote), then what it expects as "KEY=VALUE" pairs.
import json
import os
import sys

from azureml.core import Workspace
from azureml.exceptions import UserErrorException

results = {}
os.chdir(sys.argv[1])
try:
    ws = Workspace.from_config()
    results["from_config"] = [ws._folder, ws.name]
except UserErrorException as e:
    results["from_config_error"] = str(e)
for name in sys.argv[2:]:
    path = os.path.join(os.getcwd(), name)
    if os.path.isfile(path):
        ws = Workspace.from_config(path=path)
        results["file:" + name] = [ws._folder, ws.name]
results["get"] = Workspace.get(name="../named-ws")._folder
written = Workspace.get("../named-ws").write_config(path="written")
results["written"] = Workspace.from_config(path="written")._folder
print("RESULT " + json.dumps(results))
