# The distributed example's script: every rank of the MPI job takes part in an allreduce; rank 0 logs.
import json
import os

from azureml.core import Run
from mpi4py import MPI

comm = MPI.COMM_WORLD
rank, size = comm.Get_rank(), comm.Get_size()
total = comm.allreduce(rank + 1, op=MPI.SUM)
print("rank %d of %d: sum of ranks+1 = %d" % (rank, size, total), flush=True)
if rank == 0:
    run = Run.get_context()
    run.log("world_size", size)
    run.log("rank_sum", total)
    os.makedirs("outputs", exist_ok=True)
    with open("outputs/ranks.json", "w") as f:
        json.dump({"world_size": size, "rank_sum": total, "omp_rank": os.environ.get("OMPI_COMM_WORLD_RANK")}, f)
