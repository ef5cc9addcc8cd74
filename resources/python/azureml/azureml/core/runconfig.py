"""RunConfiguration and the distributed job configurations of azureml.core.runconfig.

MpiConfiguration → distributed_training: mpi (OpenMPI's mpirun, or srun on Slurm); PyTorchConfiguration →
distributed_training: pytorch (one process per rank with MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, ...).
"""

from azureml.core.environment import Environment
from azureml.exceptions import TrainyardUnsupportedError, UserErrorException


class MpiConfiguration(object):
    def __init__(self, process_count_per_node=1, node_count=1):
        self.process_count_per_node = process_count_per_node
        self.node_count = node_count

    def _trainyard_layout(self, where):
        return "mpi", self.node_count, self.process_count_per_node, []


class PyTorchConfiguration(object):
    def __init__(self, communication_backend="nccl", process_count=None, node_count=1):
        self.communication_backend = communication_backend
        self.process_count = process_count
        self.node_count = node_count

    def _trainyard_layout(self, where):
        # The backend is the script's choice (init_process_group); Trainyard sets the rendezvous variables.
        nodes = self.node_count or 1
        total = self.process_count if self.process_count is not None else nodes
        if total % nodes != 0:
            return "pytorch", nodes, 1, [("%s process_count" % where, "%d processes do not split evenly over %d "
                                          "nodes" % (total, nodes))]
        return "pytorch", nodes, total // nodes, []


class TensorflowConfiguration(object):
    def __init__(self, worker_count=1, parameter_server_count=1):
        self.worker_count = worker_count
        self.parameter_server_count = parameter_server_count

    def _trainyard_layout(self, where):
        return None, 1, 1, [(where, "TensorFlow parameter-server training; use MpiConfiguration (Horovod) or "
                                    "PyTorchConfiguration")]


class ParallelTaskConfiguration(TensorflowConfiguration):
    def __init__(self, *args, **kwargs):
        TensorflowConfiguration.__init__(self)

    def _trainyard_layout(self, where):
        return None, 1, 1, [(where, "parallel tasks are not supported")]


class DockerConfiguration(object):
    def __init__(self, use_docker=True, shm_size=None, shared_volumes=True, arguments=None):
        self.use_docker = use_docker
        self.shm_size = shm_size
        self.shared_volumes = shared_volumes
        self.arguments = arguments


class HistoryConfiguration(object):
    def __init__(self):
        self.output_collection = True
        self.snapshot_project = True
        self.directories_to_watch = ["logs"]


class RunConfiguration(object):
    """The classic run configuration: its target, environment, node count, communicator and variables are
    what Trainyard reads (through ScriptRunConfig(run_config=...))."""

    def __init__(self, script=None, arguments=None, framework=None, communicator=None, conda_dependencies=None,
                 _history_enabled=None, _path=None, _name=None, command=None):
        if command is not None:
            raise TrainyardUnsupportedError("RunConfiguration", [("command", "give script and arguments")])
        self.script = script
        self.arguments = list(arguments or [])
        self.framework = framework or "Python"
        self.communicator = communicator or "None"
        self.target = "local"
        self.environment = Environment("default-environment")
        if conda_dependencies is not None:
            self.environment.python.conda_dependencies = conda_dependencies
        self.node_count = 1
        self.mpi = MpiConfiguration()
        self.pytorch = PyTorchConfiguration()
        self.tensorflow = TensorflowConfiguration()
        self.docker = DockerConfiguration(use_docker=False)
        self.history = HistoryConfiguration()
        self.environment_variables = {}
        self.max_run_duration_seconds = None
        self.data = {}
        self.output_data = {}
        self.name = _name

    def _trainyard_problems(self, where):
        problems = []
        if self.framework not in ("Python", "python"):
            problems.append(("%s.framework" % where, "%r: Trainyard runs Python scripts" % self.framework))
        if self.max_run_duration_seconds:
            problems.append(("%s.max_run_duration_seconds" % where,
                             "a time limit is a target setting (trainyard-cli targets set T --time-limit, Slurm)"))
        if self.data or self.output_data:
            problems.append(("%s.data" % where, "pass datasets as arguments (ds.as_named_input(n).as_mount())"))
        if self.docker is not None and self.docker.shm_size:
            problems.append(("%s.docker.shm_size" % where, "containers get the engine's default"))
        return problems

    def _trainyard_layout(self, where):
        communicator = str(self.communicator or "None")
        if communicator in ("None", "none", ""):
            return None, self.node_count or 1, 1, []
        if communicator in ("IntelMpi", "OpenMpi", "Mpi"):
            return "mpi", self.node_count or 1, self.mpi.process_count_per_node or 1, []
        if communicator in ("Nccl", "Gloo", "PyTorch"):
            layout = self.pytorch._trainyard_layout(where)
            return layout[0], self.node_count or layout[1], layout[2], layout[3]
        return None, 1, 1, [("%s.communicator" % where, "%r is not supported (use OpenMpi or PyTorch)" % communicator)]

    def save(self, path=None, name=None, separate_environment_yaml=False):
        raise UserErrorException("RunConfiguration.save: not supported; keep an estimator.yml with your code")

    @staticmethod
    def load(path, name=None):
        raise UserErrorException("RunConfiguration.load: not supported; build the RunConfiguration in code")


__all__ = ["RunConfiguration", "MpiConfiguration", "PyTorchConfiguration", "TensorflowConfiguration",
           "DockerConfiguration", "ParallelTaskConfiguration"]
