"""Experiment: a named group of runs in a Trainyard workspace; `submit(config, tags=...)` starts one."""

from azureml.exceptions import TrainyardUnsupportedError, UserErrorException


class Experiment(object):
    def __init__(self, workspace=None, name=None, _skip_name_validation=False, _id=None, _archived_time=None,
                 _create_in_cloud=True, _experiment_dto=None, **kwargs):
        if isinstance(workspace, str) and name is None:  # the run-side Experiment(name) of the stand-in
            workspace, name = None, workspace
        if kwargs:
            raise TrainyardUnsupportedError("Experiment", [(k, "not an Experiment argument") for k in kwargs])
        # The name's rules are the estimator's: trainyard-cli refuses a bad one at submit, saying why.
        if workspace is not None and not name:
            raise UserErrorException("Experiment: name: the experiment's name is needed")
        self.workspace = workspace
        self.name = name
        self.id = name
        self.tags = {}
        self.archived_time = None

    def submit(self, config, tags=None, **kwargs):
        from azureml.core.run import Run
        if self.workspace is None:
            raise UserErrorException("Experiment.submit: this experiment has no workspace "
                                     "(Experiment(workspace, name))")
        if kwargs:
            raise TrainyardUnsupportedError("Experiment.submit", [(k, "not supported") for k in kwargs])
        submit = getattr(config, "_submit", None)
        if submit is None:
            raise UserErrorException("Experiment.submit: expected an Estimator or a ScriptRunConfig, got %r"
                                     % (config,))
        summary = submit(self, tags)
        return Run._from_summary(self, summary)

    def get_runs(self, type=None, tags=None, properties=None, include_children=False):
        from azureml.core.run import Run
        from azureml._trainyard import call
        problems = [(n, "not supported") for n, v in (("type", type), ("properties", properties)) if v]
        if problems:
            raise TrainyardUnsupportedError("Experiment.get_runs", problems)
        for summary in call(self.workspace._folder, ["runs", "--experiment", self.name, "--limit", "1000000"]):
            run = Run._from_summary(self, summary)
            if tags:
                have = run.get_tags()
                wanted = {tags: None} if isinstance(tags, str) else dict(tags)
                if any(k not in have or (v is not None and have[k] != v) for k, v in wanted.items()):
                    continue
            yield run

    @staticmethod
    def list(workspace, experiment_name=None, view_type=None, tags=None):
        experiments = list(workspace.experiments.values())
        return [e for e in experiments if experiment_name is None or e.name == experiment_name]

    def __eq__(self, other):
        return isinstance(other, Experiment) and other.name == self.name and other.workspace == self.workspace

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return "Experiment(name=%r)" % (self.name,)
