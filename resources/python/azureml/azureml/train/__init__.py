"""azureml.train: the estimators of SDK v1, over Trainyard."""
