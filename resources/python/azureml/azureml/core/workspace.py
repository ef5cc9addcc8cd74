"""Workspace: a Trainyard workspace folder standing in for an Azure ML workspace.

Which folder:
- `Workspace.from_config(path=None)` finds config.json the way the SDK does (`path` itself when it is a
  file; else in the folder, its `.azureml/` and `aml_config/`, then in each parent folder up to the root,
  starting at `path` or the current folder). Its `trainyard_workspace` key names the folder (relative to the
  config file's folder, `~` expanded). Without it, the SDK's own `workspace_name` names the folder when such a
  Trainyard workspace exists there; otherwise the workspace is $TRAINYARD_WORKSPACE, else Trainyard's default
  one (~/.local/share/trainyard/workspace), and `workspace_name` is only the name shown.
- `Workspace.get(name)` and `Workspace(subscription_id, resource_group, workspace_name)`: the name is the
  folder (relative to the current folder, `~` expanded). subscription_id and resource_group are kept as the
  attributes they are and mean nothing here.
"""

import json
import os

from azureml._trainyard import call
from azureml.exceptions import UserErrorException

_CONFIG_NAMES = ("config.json",)
_CONFIG_FOLDERS = ("", ".azureml", "aml_config")


def _default_workspace_folder():
    configured = os.environ.get("TRAINYARD_WORKSPACE")
    if configured:
        return os.path.abspath(os.path.expanduser(configured))
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(data, "trainyard", "workspace")


def _find_config(path, file_name):
    names = (file_name,) if file_name else _CONFIG_NAMES
    start = os.path.abspath(os.path.expanduser(path)) if path else os.getcwd()
    if os.path.isfile(start):
        return start, [start]
    looked = []
    folder = start
    while True:
        for sub in _CONFIG_FOLDERS:
            for name in names:
                candidate = os.path.join(folder, sub, name) if sub else os.path.join(folder, name)
                looked.append(candidate)
                if os.path.isfile(candidate):
                    return candidate, looked
        parent = os.path.dirname(folder)
        if parent == folder:
            return None, looked
        folder = parent


def _is_trainyard_workspace(folder):
    return os.path.isfile(os.path.join(folder, "workspace.db"))


class Workspace(object):
    """A Trainyard workspace folder. Every call goes through `trainyard-cli --workspace FOLDER`."""

    def __init__(self, subscription_id=None, resource_group=None, workspace_name=None, auth=None,
                 _location=None, _disable_service_check=False, _workspace_id=None, sku="basic", tags=None,
                 _cloud="AzureCloud", _trainyard_folder=None):
        if _trainyard_folder is None:
            if not workspace_name:
                raise UserErrorException("Workspace: workspace_name names the Trainyard workspace folder; "
                                         "give it, or use Workspace.from_config()")
            _trainyard_folder = os.path.expanduser(workspace_name)
        self._folder = os.path.abspath(_trainyard_folder)
        self.subscription_id = subscription_id
        self.resource_group = resource_group
        self.name = workspace_name or os.path.basename(self._folder.rstrip(os.sep)) or self._folder
        self.location = "local"
        self.sku = sku
        self.tags = dict(tags or {})
        self._auth = auth

    # --- finding one ---------------------------------------------------------------------------------
    @staticmethod
    def from_config(path=None, auth=None, _logger=None, _file_name=None):
        found, looked = _find_config(path, _file_name)
        if found is None:
            raise UserErrorException(
                "We could not find config.json in: %s or in its parent directories. Write one with "
                "{\"trainyard_workspace\": \"FOLDER\"} (Workspace.write_config() does)."
                % (os.path.abspath(path) if path else os.getcwd()))
        try:
            with open(found, "r", encoding="utf-8") as f:
                config = json.load(f)
        except (OSError, ValueError) as e:
            raise UserErrorException("%s: cannot read it as JSON: %s" % (found, e))
        if not isinstance(config, dict):
            raise UserErrorException("%s: expected a JSON object" % found)
        base = os.path.dirname(found)
        name = config.get("workspace_name")
        folder = config.get("trainyard_workspace")
        if folder is not None:
            if not isinstance(folder, str) or not folder.strip():
                raise UserErrorException("%s: trainyard_workspace: expected a folder" % found)
            folder = os.path.join(base, os.path.expanduser(folder))
        elif isinstance(name, str) and name and _is_trainyard_workspace(os.path.join(base, os.path.expanduser(name))):
            folder = os.path.join(base, os.path.expanduser(name))
        else:
            folder = _default_workspace_folder()
        ws = Workspace(config.get("subscription_id"), config.get("resource_group"), name or None, auth=auth,
                       _trainyard_folder=folder)
        ws._config_path = found
        return ws

    @staticmethod
    def get(name, auth=None, subscription_id=None, resource_group=None, location=None, cloud="AzureCloud",
            id=None):
        return Workspace(subscription_id, resource_group, name, auth=auth)

    @staticmethod
    def create(name, *args, **kwargs):
        # A workspace folder comes into being the first time Trainyard opens it.
        ws = Workspace(None, None, name)
        call(ws._folder, ["targets", "list"])
        return ws

    def write_config(self, path=None, file_name=None):
        folder = os.path.abspath(path) if path else os.path.join(os.getcwd(), ".azureml")
        os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, file_name or "config.json")
        config = {"trainyard_workspace": self._folder, "workspace_name": self.name}
        if self.subscription_id:
            config["subscription_id"] = self.subscription_id
        if self.resource_group:
            config["resource_group"] = self.resource_group
        with open(target, "w", encoding="utf-8") as f:
            json.dump(config, f, indent=4)
            f.write("\n")
        return target

    # --- what it holds -------------------------------------------------------------------------------
    @property
    def compute_targets(self):
        from azureml.core.compute import ComputeTarget
        return {t["name"]: ComputeTarget._from_json(self, t) for t in call(self._folder, ["targets", "list"])}

    @property
    def datasets(self):
        from azureml.core.dataset import Dataset
        latest = {}
        for d in call(self._folder, ["datasets", "list"]):
            if d["name"] not in latest or d["version"] > latest[d["name"]]["version"]:
                latest[d["name"]] = d
        return {name: Dataset._from_json(self, d) for name, d in latest.items()}

    @property
    def models(self):
        from azureml.core.model import Model
        latest = {}
        for m in call(self._folder, ["models"]):
            if m["name"] not in latest or m["version"] > latest[m["name"]]["version"]:
                latest[m["name"]] = m
        return {name: Model._from_json(self, m) for name, m in latest.items()}

    @property
    def experiments(self):
        from azureml.core.experiment import Experiment
        names = []
        for r in call(self._folder, ["runs", "--limit", "1000000"]):
            if r["experiment"] not in names:
                names.append(r["experiment"])
        return {name: Experiment(self, name) for name in names}

    def get_details(self):
        return {"id": self._folder, "name": self.name, "location": self.location, "type": "trainyard",
                "workspaceFolder": self._folder, "subscriptionId": self.subscription_id,
                "resourceGroup": self.resource_group}

    def get_default_datastore(self):
        raise UserErrorException("Workspace.get_default_datastore: Trainyard has no datastores; register a local "
                                 "file or folder with Dataset.File.from_files(path).register(ws, name)")

    def __eq__(self, other):
        return isinstance(other, Workspace) and other._folder == self._folder

    def __hash__(self):
        return hash(self._folder)

    def __repr__(self):
        return "Workspace.create(name=%r, folder=%r)" % (self.name, self._folder)
