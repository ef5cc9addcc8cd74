# A PyTorch DDP-style script: the ranks meet through torch.distributed (gloo, CPU) with the rendezvous
# variables Trainyard sets, and sum their ranks; rank 0 logs through Run.get_context().
import torch
import torch.distributed as dist
from azureml.core import Run

dist.init_process_group("gloo")
rank, size = dist.get_rank(), dist.get_world_size()
total = torch.tensor([float(rank + 1)])
dist.all_reduce(total)
print("rank %d of %d: all_reduce %s" % (rank, size, total.item()), flush=True)
if rank == 0:
    run = Run.get_context()
    run.log("world_size", size)
    run.log("all_reduce", total.item())
dist.destroy_process_group()
