"""Dataset: `Dataset.File.from_files(path)` and `Dataset.get_by_name(ws, name, version)` over Trainyard's
registered datasets."""

import os

from azureml._trainyard import call
from azureml.data.file_dataset import FileDataset
from azureml.exceptions import TrainyardUnsupportedError, UserErrorException


class _FileFactory(object):
    @staticmethod
    def from_files(path, validate=True, partition_format=None, is_file=False):
        problems = []
        if partition_format is not None:
            problems.append(("partition_format", "datasets are plain files and folders"))
        if problems:
            raise TrainyardUnsupportedError("Dataset.File.from_files", problems)
        paths = path if isinstance(path, (list, tuple)) and not _is_datastore_path(path) else [path]
        if len(paths) != 1:
            raise TrainyardUnsupportedError("Dataset.File.from_files", [(
                "path", "one file or folder per dataset (got %d paths)" % len(paths))])
        one = paths[0]
        if _is_datastore_path(one):
            raise TrainyardUnsupportedError("Dataset.File.from_files", [(
                "path", "datastore paths: Trainyard reads local files and folders")])
        if not isinstance(one, str) or "://" in one:
            raise TrainyardUnsupportedError("Dataset.File.from_files", [(
                "path", "%r: a local file or folder is expected" % (one,))])
        local = os.path.abspath(os.path.expanduser(one))
        if validate and not os.path.exists(local):
            raise UserErrorException("Dataset.File.from_files: %s does not exist" % local)
        return FileDataset(path=local)


def _is_datastore_path(value):
    return isinstance(value, tuple) and len(value) == 2 and not isinstance(value[0], str)


class Dataset(object):
    File = _FileFactory

    @staticmethod
    def get_by_name(workspace, name, version="latest"):
        versions = [d for d in call(workspace._folder, ["datasets", "list"]) if d["name"] == name]
        if not versions:
            raise UserErrorException("Dataset.get_by_name: no dataset %s in workspace %s" % (name, workspace.name))
        if version in (None, "latest"):
            chosen = max(versions, key=lambda d: d["version"])
        else:
            matching = [d for d in versions if str(d["version"]) == str(version)]
            if not matching:
                raise UserErrorException("Dataset.get_by_name: dataset %s has no version %s (it has %s)"
                                         % (name, version, ", ".join(str(d["version"]) for d in versions)))
            chosen = matching[0]
        return Dataset._from_json(workspace, chosen)

    @staticmethod
    def get_all(workspace):
        return workspace.datasets

    @staticmethod
    def _from_json(workspace, record):
        return FileDataset._from_json(workspace, record)


__all__ = ["Dataset"]
