"""ScriptRunConfig: a script, its arguments, a target, an Environment and a distributed job configuration,
as one Trainyard run (arguments → the estimator's `arguments`, passed to the script in order)."""

import os

from azureml._trainyard.submission import (arguments_value, raise_problems, relative_to_source, submit,
                                           target_name)
from azureml.exceptions import UserErrorException

_THIRTY_DAYS = 2592000  # the SDK's default max_run_duration_seconds


class ScriptRunConfig(object):
    def __init__(self, source_directory, script=None, arguments=None, run_config=None, _telemetry_values=None,
                 compute_target=None, environment=None, distributed_job_config=None, resume_from=None,
                 max_run_duration_seconds=_THIRTY_DAYS, command=None, docker_runtime_config=None):
        from azureml.core.runconfig import RunConfiguration
        self.source_directory = source_directory
        self.run_config = run_config if run_config is not None else RunConfiguration()
        if script is not None:
            self.run_config.script = script
        if arguments is not None:
            self.run_config.arguments = list(arguments)
        if compute_target is not None:
            self.run_config.target = compute_target
        if environment is not None:
            self.run_config.environment = environment
        self.script = self.run_config.script
        self.arguments = self.run_config.arguments
        self.distributed_job_config = distributed_job_config
        problems = []
        if resume_from is not None:
            problems.append(("resume_from", "runs do not resume from another run's outputs"))
        if max_run_duration_seconds not in (None, _THIRTY_DAYS):
            problems.append(("max_run_duration_seconds", "a time limit is a target setting (Slurm: targets set T "
                                                         "--time-limit)"))
        if command is not None:
            problems.append(("command", "give script and arguments; Trainyard runs the script with the "
                                        "target's (or the environment's) Python"))
        if docker_runtime_config is not None and (docker_runtime_config.shm_size or docker_runtime_config.arguments):
            problems.append(("docker_runtime_config", "containers get Trainyard's options and the engine's "
                                                      "default shared memory"))
        self._fields = self._map(problems, command is not None)
        raise_problems("ScriptRunConfig", problems)

    def _map(self, problems, has_command=False):
        rc = self.run_config
        source = self.source_directory
        if not source or not isinstance(source, str):
            raise UserErrorException("ScriptRunConfig: source_directory: expected a folder")
        source = os.path.abspath(os.path.expanduser(source))
        if not os.path.isdir(source):
            raise UserErrorException("ScriptRunConfig: source_directory: %s is not a folder" % source)
        if not rc.script and not has_command:  # a command is refused above, named
            raise UserErrorException("ScriptRunConfig: script: the script to run (relative to source_directory) "
                                     "is needed")
        fields = {"source_directory": source, "entry_script": str(rc.script or "").replace(os.sep, "/"),
                  "compute_target": target_name(rc.target)}
        args = arguments_value(rc.arguments)
        if args:
            fields["arguments"] = args
        problems.extend(rc._trainyard_problems("run_config"))
        if self.distributed_job_config is not None:
            layout = getattr(self.distributed_job_config, "_trainyard_layout", None)
            if layout is None:
                raise UserErrorException("ScriptRunConfig: distributed_job_config: expected MpiConfiguration or "
                                         "PyTorchConfiguration, got %r" % (self.distributed_job_config,))
            mode, nodes, per_node, more = layout("distributed_job_config")
        else:
            mode, nodes, per_node, more = rc._trainyard_layout("run_config")
        problems.extend(more)
        fields["node_count"] = nodes
        fields["process_count_per_node"] = per_node
        if mode:
            fields["distributed_training"] = mode
        env_fields, env_problems = rc.environment._trainyard_fields(source)
        problems.extend(env_problems)
        variables = env_fields.pop("environment_variables", {})
        variables.update({str(k): str(v) for k, v in (rc.environment_variables or {}).items()})
        if variables:
            fields["environment_variables"] = variables
        if "environment_definition" in env_fields:
            env_fields["environment_definition"] = relative_to_source(env_fields["environment_definition"], source)
        fields.update(env_fields)
        return fields

    def _submit(self, experiment, tags):
        return submit(experiment.workspace, experiment.name, self._fields, tags)

    def __repr__(self):
        return "ScriptRunConfig(source_directory=%r, script=%r)" % (self.source_directory, self.script)


__all__ = ["ScriptRunConfig"]
