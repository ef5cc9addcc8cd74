"""Trainyard sample: a small scikit-learn classifier trained epoch by epoch.

It behaves like an Azure ML training script: it reads its settings from the command line, logs
metrics through `azureml.core.Run` (Trainyard puts a compatible helper on PYTHONPATH at run time),
prints `name: value` lines that Trainyard also picks up from stdout, and leaves its model in
`outputs/` and a log file in `logs/`, relative to the working directory of the run.
"""

import argparse
import json
import logging
import os
import sys
import time

import joblib
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

try:
    from azureml.core import Run
except ImportError:  # Run outside Trainyard or Azure ML: metrics still reach stdout.
    Run = None


class _PrintingRun:
    """Stand-in for azureml.core.Run when the module is missing: prints what would be logged."""

    def log(self, name, value, description=""):
        print(f"{name}: {value}", flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Train a linear classifier on a synthetic data set.")
    parser.add_argument("--regularization", type=float, default=0.01,
                        help="L2 regularization strength (alpha of SGDClassifier)")
    parser.add_argument("--epochs", type=int, default=20, help="passes over the training data")
    parser.add_argument("--data-folder", default=None,
                        help="folder with data.npz (arrays X and y); a synthetic set is made without it")
    parser.add_argument("--verbose", action="store_true", help="print details of each epoch")
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error("--epochs must be at least 1")
    if args.regularization < 0:
        parser.error("--regularization must not be negative")
    return args


def load_data(data_folder):
    if data_folder is None:
        return make_classification(n_samples=60000, n_features=40, n_informative=12, n_redundant=6,
                                   n_classes=3, class_sep=1.6, flip_y=0.01, random_state=42)
    path = os.path.join(data_folder, "data.npz")
    if not os.path.isfile(path):
        sys.exit(f"train.py: --data-folder {data_folder!r} has no data.npz (expected arrays X and y)")
    with np.load(path) as data:
        return data["X"], data["y"]


def main(argv=None):
    args = parse_args(argv)
    os.makedirs("outputs", exist_ok=True)
    os.makedirs("logs", exist_ok=True)
    logging.basicConfig(filename=os.path.join("logs", "train.log"), level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s")
    log = logging.getLogger("train")
    run = Run.get_context() if Run is not None else _PrintingRun()

    started = time.monotonic()
    X, y = load_data(args.data_folder)
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=7, stratify=y)
    scaler = StandardScaler().fit(X_train)
    X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)
    classes = np.unique(y)
    log.info("data: %d training rows, %d validation rows, %d features, %d classes",
             len(X_train), len(X_val), X.shape[1], len(classes))
    if args.verbose:
        print(f"training on {len(X_train)} rows, validating on {len(X_val)}", flush=True)

    model = SGDClassifier(loss="log_loss", alpha=args.regularization, learning_rate="constant", eta0=0.0001,
                          random_state=0)
    rng = np.random.default_rng(0)
    history = []
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(X_train))
        # Mini-batches, so each epoch is a real pass of partial_fit over shuffled data.
        for start in range(0, len(order), 256):
            batch = order[start:start + 256]
            model.partial_fit(X_train[batch], y_train[batch], classes=classes)
        loss = log_loss(y_train, model.predict_proba(X_train), labels=classes)
        accuracy = accuracy_score(y_train, model.predict(X_train))
        val_accuracy = accuracy_score(y_val, model.predict(X_val))
        print(f"step: {epoch}", flush=True)
        print(f"loss: {loss:.6f}", flush=True)
        print(f"accuracy: {accuracy:.6f}", flush=True)
        run.log("val_accuracy", float(val_accuracy))
        history.append({"epoch": epoch, "loss": loss, "accuracy": accuracy, "val_accuracy": val_accuracy})
        log.info("epoch %d: loss=%.6f accuracy=%.6f val_accuracy=%.6f", epoch, loss, accuracy, val_accuracy)
        if args.verbose:
            print(f"epoch {epoch}/{args.epochs} done after {time.monotonic() - started:.1f} s", flush=True)

    model_path = os.path.join("outputs", "model.pkl")
    joblib.dump({"scaler": scaler, "model": model}, model_path)
    summary = {
        "epochs": args.epochs,
        "regularization": args.regularization,
        "final": history[-1],
        "best_val_accuracy": max(h["val_accuracy"] for h in history),
        "seconds": round(time.monotonic() - started, 3),
    }
    with open(os.path.join("outputs", "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    log.info("model written to %s", model_path)
    print(f"model saved to {model_path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
