"""ComputeTarget: a Trainyard compute target (`local`, an `ssh` machine, a `slurm` cluster) by its name."""

from azureml._trainyard import call
from azureml.exceptions import UserErrorException

# What the SDK calls the kinds, as compute.type says it.
_TYPES = {"local": "local", "ssh": "VirtualMachine", "slurm": "Slurm"}


class ComputeTarget(object):
    """`ComputeTarget(workspace, name)` finds an existing target; targets are made with
    `trainyard-cli targets add`, not from here."""

    def __init__(self, workspace=None, name=None):
        if workspace is None or not name:
            raise UserErrorException("ComputeTarget(workspace, name): both are needed")
        try:
            settings = call(workspace._folder, ["targets", "show", name])
        except UserErrorException as e:
            from azureml.exceptions import ComputeTargetException
            raise ComputeTargetException("ComputeTargetNotFound: %s" % e.message)
        self._init_from(workspace, settings)

    def _init_from(self, workspace, settings):
        self.workspace = workspace
        self.name = settings["name"]
        self.kind = settings.get("kind")
        self.type = _TYPES.get(self.kind, self.kind)
        self.provisioning_state = "Succeeded"
        self.settings = dict(settings)

    @classmethod
    def _from_json(cls, workspace, settings):
        target = object.__new__(cls)
        target._init_from(workspace, settings)
        return target

    @staticmethod
    def create(workspace, name, provisioning_configuration):
        raise UserErrorException("ComputeTarget.create: add the target with `trainyard-cli targets add "
                                 "local|ssh|slurm %s ...`, then use ComputeTarget(ws, %r)" % (name, name))

    @staticmethod
    def list(workspace):
        return list(workspace.compute_targets.values())

    def wait_for_completion(self, show_output=False, *args, **kwargs):
        # Trainyard targets exist as soon as they are added: nothing to provision.
        return None

    def get_status(self):
        return self.provisioning_state

    def serialize(self):
        return dict(self.settings)

    def __eq__(self, other):
        return isinstance(other, ComputeTarget) and other.name == self.name and other.workspace == self.workspace

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return "ComputeTarget(name=%r, type=%r)" % (self.name, self.type)


class AmlCompute(ComputeTarget):
    @staticmethod
    def provisioning_configuration(*args, **kwargs):
        raise UserErrorException("AmlCompute.provisioning_configuration: Trainyard does not create clusters; add a "
                                 "Slurm cluster with `trainyard-cli targets add slurm NAME ...`")


__all__ = ["ComputeTarget", "AmlCompute"]
