"""How a run consumes a dataset: `ds.as_named_input('mnist').as_mount()` or `.as_download()`."""

from azureml.exceptions import TrainyardUnsupportedError, UserErrorException


class DatasetConsumptionConfig(object):
    """A registered dataset, mounted (the run reads it in place) or downloaded (copied into the run)."""

    def __init__(self, name, dataset, mode="direct", path_on_compute=None):
        self.name = name
        self.dataset = dataset
        self.mode = mode
        self.path_on_compute = path_on_compute

    def as_mount(self, path_on_compute=None):
        return self._with_mode("mount", path_on_compute)

    def as_download(self, path_on_compute=None, overwrite=False):
        if overwrite:
            raise TrainyardUnsupportedError("as_download", [("overwrite", "every run gets a fresh copy anyway")])
        return self._with_mode("download", path_on_compute)

    def _with_mode(self, mode, path_on_compute):
        if path_on_compute is not None:
            raise TrainyardUnsupportedError("as_%s" % mode, [(
                "path_on_compute", "Trainyard chooses where the dataset appears; the script gets that path "
                                   "as its argument")])
        return DatasetConsumptionConfig(self.name, self.dataset, mode)

    def _estimator_value(self, where):
        """{dataset: NAME:VERSION, mode: mount|download}: the form estimator files use."""
        reference = self.dataset._reference(where)
        # Azure passes a dataset given without a mode as a mount when it is a script argument.
        mode = "download" if self.mode == "download" else "mount"
        return {"dataset": reference, "mode": mode}

    def __repr__(self):
        return "DatasetConsumptionConfig(name=%r, mode=%r, dataset=%r)" % (self.name, self.mode, self.dataset)


def estimator_value(value, where):
    """script_params / arguments value → what the estimator file holds there."""
    from azureml.data.file_dataset import FileDataset
    if isinstance(value, DatasetConsumptionConfig):
        return value._estimator_value(where)
    if isinstance(value, FileDataset):
        return value.as_mount()._estimator_value(where)
    if value is None:
        raise UserErrorException("%s: None is not an argument value (\"\" gives a bare flag)" % where)
    if isinstance(value, (dict, list, tuple, set)):
        raise UserErrorException("%s: expected a number, a string or a dataset, got %s" % (where, type(value).__name__))
    # The SDK puts str(value) on the command line: 0.8 → "0.8", True → "True".
    return str(value)
