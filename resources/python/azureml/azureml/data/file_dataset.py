"""FileDataset: a registered Trainyard dataset (a file or folder, versioned by name), or local paths that
become one with register()."""

import os

from azureml._trainyard import call
from azureml.exceptions import TrainyardUnsupportedError, UserErrorException


class FileDataset(object):
    def __init__(self, workspace=None, name=None, version=None, path=None, description=None, record=None):
        self._workspace = workspace
        self.name = name
        self.version = version
        self._path = path
        self.description = description
        self._record = dict(record or {})

    @property
    def id(self):
        return "%s:%s" % (self.name, self.version) if self.name else None

    @property
    def tags(self):
        return {}

    def _reference(self, where):
        if not self.name:
            raise UserErrorException(
                "%s: the dataset of %s is not registered; register it first, e.g. "
                "Dataset.File.from_files(path).register(ws, 'NAME'), so the run names it" % (where, self._path))
        return "%s:%d" % (self.name, self.version) if self.version else self.name

    def as_named_input(self, name):
        from azureml.data.dataset_consumption_config import DatasetConsumptionConfig
        return DatasetConsumptionConfig(name, self)

    def as_mount(self, path_on_compute=None):
        return self.as_named_input(self.name or "input").as_mount(path_on_compute)

    def as_download(self, path_on_compute=None, overwrite=False):
        return self.as_named_input(self.name or "input").as_download(path_on_compute, overwrite)

    def register(self, workspace, name, description=None, tags=None, create_new_version=False):
        if tags:
            raise TrainyardUnsupportedError("FileDataset.register", [("tags", "datasets have no tags in Trainyard")])
        if self._path is None:
            raise UserErrorException("FileDataset.register: this dataset has no local path to register")
        existing = [d for d in call(workspace._folder, ["datasets", "list"]) if d["name"] == name]
        if existing and not create_new_version:
            # The SDK refuses a second registration under one name unless asked for a new version.
            raise UserErrorException("FileDataset.register: dataset %s already exists (version %d); pass "
                                     "create_new_version=True for the next version"
                                     % (name, max(d["version"] for d in existing)))
        args = ["datasets", "add", name, self._path]
        if description:
            args += ["--description", description]
        record = call(workspace._folder, args)
        return FileDataset._from_json(workspace, record)

    def to_path(self):
        if not self._record.get("path") and self._path:
            return [os.path.basename(self._path)]
        path = self._record.get("path") or self._path
        if os.path.isdir(path):
            found = []
            for root, _, files in os.walk(path):
                for f in files:
                    found.append("/" + os.path.relpath(os.path.join(root, f), path).replace(os.sep, "/"))
            return sorted(found)
        return ["/" + os.path.basename(path)]

    def download(self, target_path=None, overwrite=False):
        raise TrainyardUnsupportedError("FileDataset.download", [("download", "pass the dataset to the run with "
                                                                  "as_download(); it is copied there")])

    @classmethod
    def _from_json(cls, workspace, record):
        return cls(workspace, record["name"], record["version"], record.get("path"), record.get("description"),
                   record)

    def __repr__(self):
        if self.name:
            return "FileDataset(name=%r, version=%r, path=%r)" % (self.name, self.version, self._record.get("path"))
        return "FileDataset(path=%r, unregistered)" % (self._path,)
