# A scikit-learn training script shaped like the Azure ML tutorial's: the data folder comes mounted from a
# registered dataset, the regularization rate is an argument, metrics go through Run.get_context().log.
import argparse
import json
import os
import pickle

import numpy as np
from azureml.core import Run
from sklearn.linear_model import LogisticRegression

parser = argparse.ArgumentParser()
parser.add_argument("--data-folder", type=str, dest="data_folder", help="data folder mounting point")
parser.add_argument("--regularization", type=float, dest="reg", default=0.01, help="regularization rate")
args = parser.parse_args()

data = np.loadtxt(os.path.join(args.data_folder, "points.csv"), delimiter=",")
X, y = data[:, :2], data[:, 2].astype(int)
train, test = slice(0, 150), slice(150, None)

run = Run.get_context()
print("Regularization rate:", args.reg)
print("Data folder:", args.data_folder)
clf = LogisticRegression(C=1.0 / args.reg, solver="liblinear", random_state=42)
clf.fit(X[train], y[train])
accuracy = float(np.average(clf.predict(X[test]) == y[test]))
print("Accuracy is", accuracy)

logged = {"regularization": args.reg, "accuracy": accuracy, "coefficients": [float(c) for c in clf.coef_[0]]}
run.log("regularization", args.reg)
run.log("accuracy", accuracy)
run.log_list("coefficients", logged["coefficients"])
run.tag("solver", "liblinear")

os.makedirs("outputs", exist_ok=True)
with open("outputs/my_output_file", "w") as f:
    json.dump(logged, f)
with open("outputs/sklearn-sample", "wb") as f:
    pickle.dump(clf, f)
