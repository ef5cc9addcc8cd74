"""Datasets of Trainyard's Azure ML stand-in: FileDataset and how a run consumes one."""

from azureml.data.dataset_consumption_config import DatasetConsumptionConfig
from azureml.data.file_dataset import FileDataset

__all__ = ["FileDataset", "DatasetConsumptionConfig"]
