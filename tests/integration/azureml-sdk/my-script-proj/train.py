# A ScriptRunConfig script: argparse over the arguments list, the dataset downloaded into the run.
import argparse
import os
import time

from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--lr", type=float, required=True)
parser.add_argument("--epochs", type=int, required=True)
parser.add_argument("--verbose", action="store_true")
parser.add_argument("--sleep", type=float, default=0)
parser.add_argument("label")
args = parser.parse_args()

run = Run.get_context()
rows = len(open(os.path.join(args.data, "points.csv")).readlines())
print("label %s rows %d lr %r verbose %s env %s" % (args.label, rows, args.lr, args.verbose,
                                                     os.environ.get("FROM_ENVIRONMENT")), flush=True)
for epoch in range(args.epochs):
    run.log("lr_scaled", args.lr * (epoch + 1))
time.sleep(args.sleep)
