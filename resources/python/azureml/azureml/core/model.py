"""Model: a version of a model in Trainyard's registry (versions 1, 2, 3 … per name, files kept by the
registry itself)."""

import os
import shutil
import tempfile

from azureml._trainyard import call
from azureml.exceptions import ModelNotFoundException, TrainyardUnsupportedError, UserErrorException


class Model(object):
    def __init__(self, workspace, name=None, id=None, tags=None, properties=None, version=None, run_id=None):
        if id is not None:
            if name is not None or version is not None:
                raise UserErrorException("Model: give id (NAME:VERSION) or name and version, not both")
            name, _, version = str(id).partition(":")
            version = version or None
        if not name:
            raise UserErrorException("Model: name (or id) is needed")
        if properties:
            raise TrainyardUnsupportedError("Model", [("properties", "models have no properties in Trainyard")])
        found = [m for m in call(workspace._folder, ["models"]) if m["name"] == name]
        if version is not None:
            found = [m for m in found if str(m["version"]) == str(version)]
        if run_id is not None:
            found = [m for m in found if m.get("run_id") == run_id]
        for key, value in _tag_filter(tags):
            found = [m for m in found if key in m.get("tags", {}) and (value is None or m["tags"][key] == value)]
        if not found:
            raise ModelNotFoundException("ModelNotFound: model %s%s is not registered in workspace %s"
                                         % (name, "" if version is None else ":%s" % version, workspace.name))
        self._init_from(workspace, max(found, key=lambda m: m["version"]))

    def _init_from(self, workspace, record):
        self.workspace = workspace
        self.name = record["name"]
        self.version = record["version"]
        self.id = "%s:%d" % (self.name, self.version)
        self.description = record.get("description") or None
        self.tags = dict(record.get("tags") or {})
        self.properties = {}
        self.run_id = record.get("run_id") or None
        self.created_time = record.get("created_at")
        self.url = record.get("stored_path")
        self._record = record

    @classmethod
    def _from_json(cls, workspace, record):
        model = object.__new__(cls)
        model._init_from(workspace, record)
        return model

    @staticmethod
    def get_model_path(model_name, version=None, _workspace=None):
        """The registry's own copy of the model (its file, or its folder): read it, do not change it."""
        if _workspace is None:
            from azureml.core.workspace import Workspace
            try:
                _workspace = Workspace.from_config()
            except UserErrorException:
                from azureml.core.workspace import _default_workspace_folder
                _workspace = Workspace(_trainyard_folder=_default_workspace_folder())
        return Model(_workspace, model_name, version=version)._record["stored_path"]

    @staticmethod
    def list(workspace, name=None, tags=None, properties=None, run_id=None, latest=False, **kwargs):
        records = [m for m in call(workspace._folder, ["models"]) if name is None or m["name"] == name]
        if run_id is not None:
            records = [m for m in records if m.get("run_id") == run_id]
        for key, value in _tag_filter(tags):
            records = [m for m in records if key in m.get("tags", {}) and (value is None or m["tags"][key] == value)]
        if latest:
            newest = {}
            for m in records:
                if m["name"] not in newest or m["version"] > newest[m["name"]]["version"]:
                    newest[m["name"]] = m
            records = list(newest.values())
        return [Model._from_json(workspace, m) for m in records]

    @staticmethod
    def register(workspace, model_path, model_name, *args, **kwargs):
        raise UserErrorException("Model.register: Trainyard registers models from a run's outputs: "
                                 "run.register_model(%r, 'outputs/...')" % (model_name,))

    def download(self, target_dir=".", exist_ok=False, exists_ok=None):
        """Copies the model into target_dir and returns the copy's path; an existing copy is an error unless
        exist_ok, which replaces it."""
        exist_ok = exist_ok if exists_ok is None else exists_ok
        target_dir = os.path.abspath(target_dir)
        os.makedirs(target_dir, exist_ok=True)
        destination = os.path.join(target_dir, os.path.basename(self._record["stored_path"]))
        if os.path.lexists(destination) and not exist_ok:
            raise UserErrorException("Model.download: %s already exists (exist_ok=True replaces it)" % destination)
        staging = tempfile.mkdtemp(prefix=".trainyard-model-", dir=target_dir)
        try:
            call(self.workspace._folder, ["model-download", self.id, "--to", staging], as_json=False)
            copy = os.path.join(staging, os.path.basename(destination))
            if os.path.isdir(destination) and not os.path.islink(destination):
                shutil.rmtree(destination)
            os.replace(copy, destination)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return destination

    def add_tags(self, tags):
        args = ["model-edit", self.id]
        for k, v in dict(tags).items():
            args += ["--tag", "%s=%s" % (k, "" if v is None else v)]
        call(self.workspace._folder, args, as_json=False)
        self.tags.update({str(k): "" if v is None else str(v) for k, v in dict(tags).items()})

    def remove_tags(self, tags):
        args = ["model-edit", self.id]
        for k in tags:
            args += ["--untag", k]
        call(self.workspace._folder, args, as_json=False)
        for k in tags:
            self.tags.pop(k, None)

    def delete(self):
        call(self.workspace._folder, ["model-delete", self.id], as_json=False)

    def serialize(self):
        return dict(self._record)

    def __repr__(self):
        return "Model(workspace=%r, name=%s, id=%s, version=%d, tags=%r)" % (
            self.workspace, self.name, self.id, self.version, self.tags)


def _tag_filter(tags):
    """The SDK's tags filter: [name, ...] or [[name, value], ...] (or a dict)."""
    if not tags:
        return []
    if isinstance(tags, dict):
        return list(tags.items())
    out = []
    for t in tags:
        if isinstance(t, (list, tuple)):
            out.append((t[0], t[1] if len(t) > 1 else None))
        else:
            out.append((t, None))
    return out


__all__ = ["Model"]
