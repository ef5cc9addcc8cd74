"""A stand-in for the *real* wandb in tests: importing it prints "real wandb imported" on stderr and
records WANDB_MODE, so tests can tell it from Trainyard's stand-in and see the run's mode."""

import os
import sys

sys.stderr.write("real wandb imported (WANDB_MODE=%s)\n" % os.environ.get("WANDB_MODE", ""))
IS_TEST_REAL_WANDB = True
