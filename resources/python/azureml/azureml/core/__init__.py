"""`from azureml.core import Run` inside a Trainyard run."""

from azureml.core.run import Run, Experiment

__all__ = ["Run", "Experiment"]
