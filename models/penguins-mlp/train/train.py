#!/usr/bin/python3
"""Train the penguin species classifier and export it to ONNX.

Reads penguins/penguins.csv from the data directory (MODELGATE_DATA_DIR, default ../shared/data),
drops the rows with missing measurements, makes a stratified 60/20/20 train/validation/test split,
trains a 4-16-8-3 MLP on the four measurements and exports ONNX with the standardisation inside the
graph, so the model takes raw measurements. Writes:

  models/penguins-mlp/model.onnx, model.yaml, MODEL_CARD.md
  tasks/penguins/penguins-{train,validation,test}.csv and their sha256 in tasks/penguins/task.yaml

Run from the repository root:  /usr/bin/python3 models/penguins-mlp/train/train.py
Needs Debian's python3-torch, python3-onnx, python3-pandas, python3-sklearn, python3-yaml.
"""
import argparse
import hashlib
import io
import os
import pathlib
import random
import re

import numpy as np
import onnx
import pandas as pd
import torch
import yaml
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

SEED = 42
FEATURES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
LABELS = ["Adelie", "Chinstrap", "Gentoo"]
DATA_FILE = "penguins/penguins.csv"
REPO = pathlib.Path(__file__).resolve().parents[3]
MODEL_DIR = REPO / "models" / "penguins-mlp"
TASK_DIR = REPO / "tasks" / "penguins"


def sha256(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def read_data(data_dir):
    manifest = yaml.safe_load((REPO / "data" / "manifest.yaml").read_text())
    entry = next(d for d in manifest["datasets"] if d["name"] == DATA_FILE)
    path = pathlib.Path(data_dir) / DATA_FILE
    if not path.exists():
        raise SystemExit(f"{path} is missing: put it there or download it from {entry['url']}")
    if sha256(path) != entry["sha256"]:
        raise SystemExit(f"{path} has sha256 {sha256(path)}, the manifest expects {entry['sha256']}")
    frame = pd.read_csv(path, na_values=["NA"])
    # Keep the row number of the original file as a stable example id.
    frame.insert(0, "id", [f"penguins-{i + 1}" for i in range(len(frame))])
    return frame.dropna(subset=FEATURES).reset_index(drop=True), entry


def split(frame):
    train, rest = train_test_split(frame, test_size=0.4, stratify=frame["species"], random_state=SEED)
    validation, test = train_test_split(rest, test_size=0.5, stratify=rest["species"], random_state=SEED)
    return train.sort_index(), validation.sort_index(), test.sort_index()


class PenguinMlp(torch.nn.Module):
    """Standardises raw measurements with the training split's mean and std, then a 4-16-8-3 MLP."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(4, 16), torch.nn.ReLU(),
            torch.nn.Linear(16, 8), torch.nn.ReLU(),
            torch.nn.Linear(8, 3))

    def forward(self, measurements):
        return self.layers((measurements - self.mean) / self.std)


def tensors(frame):
    x = torch.tensor(frame[FEATURES].to_numpy(dtype=np.float32))
    y = torch.tensor([LABELS.index(s) for s in frame["species"]])
    return x, y


def train(train_frame, validation_frame, max_epochs=2000, patience=100):
    x, y = tensors(train_frame)
    vx, vy = tensors(validation_frame)
    model = PenguinMlp(x.mean(dim=0).tolist(), x.std(dim=0).tolist())
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    best_loss, best_state, best_epoch = float("inf"), None, 0
    for epoch in range(max_epochs):
        model.train()
        optimiser.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimiser.step()
        model.eval()
        with torch.no_grad():
            validation_loss = loss_fn(model(vx), vy).item()
        if validation_loss < best_loss - 1e-5:
            best_loss, best_epoch = validation_loss, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        elif epoch - best_epoch >= patience:
            break
    model.load_state_dict(best_state)
    model.eval()
    return model, best_epoch + 1, best_loss


def evaluate(model, frame):
    x, y = tensors(frame)
    with torch.no_grad():
        predicted = model(x).argmax(dim=1).numpy()
    return {
        "accuracy": accuracy_score(y.numpy(), predicted),
        "macro_f1": f1_score(y.numpy(), predicted, average="macro"),
        "n": len(frame),
        "errors": [(row.id, row.species, LABELS[p]) for row, p in zip(frame.itertuples(), predicted)
                   if row.species != LABELS[p]],
    }


def export(model, path):
    buffer = io.BytesIO()
    torch.onnx.export(model, torch.zeros(1, 4), buffer, input_names=["measurements"], output_names=["logits"],
                      dynamic_axes={"measurements": {0: "batch"}, "logits": {0: "batch"}}, opset_version=17)
    graph = onnx.load_from_string(buffer.getvalue())
    graph.producer_name = "modelgate models/penguins-mlp/train/train.py"
    onnx.checker.check_model(graph)
    path.write_bytes(graph.SerializeToString())


def write_split(frame, name):
    path = TASK_DIR / f"penguins-{name}.csv"
    frame.to_csv(path, index=False, float_format="%g", lineterminator="\n")
    return path


def update_task_checksums(paths):
    task_file = TASK_DIR / "task.yaml"
    text = task_file.read_text()
    for path in paths:
        # Rewrite the sha256 line that follows "file: <name>" so the hand-written task.yaml keeps its comments.
        pattern = re.compile(rf"(file: {re.escape(path.name)}\n\s+sha256: )[0-9a-f]+")
        text, count = pattern.subn(rf"\g<1>{sha256(path)}", text)
        if count == 0:
            raise SystemExit(f"{task_file} has no test set with 'file: {path.name}' followed by 'sha256:'")
    task_file.write_text(text)


def write_model_yaml(epochs):
    model_yaml = {
        "name": "penguins-mlp",
        "version": 1,
        "task": "penguins",
        "description": "MLP 4-16-8-3 on the four raw measurements (standardised inside the graph)",
        "file": "model.onnx",
        "inputs": [{"name": "measurements", "datatype": "FP32", "shape": [-1, 4], "features": FEATURES}],
        "outputs": [{"name": "logits", "datatype": "FP32", "shape": [-1, 3], "kind": "logits"}],
        "labels": LABELS,
    }
    header = ("# Written by train/train.py: retrain rather than edit by hand.\n"
              f"# Trained for {epochs} epochs (early stopping on the validation split).\n")
    (MODEL_DIR / "model.yaml").write_text(header + yaml.safe_dump(model_yaml, sort_keys=False))


def write_model_card(source, splits, epochs, metrics):
    train_frame, validation_frame, test_frame = splits
    errors = "\n".join(f"| {i} | {truth} | {predicted} |" for i, truth, predicted in metrics["test"]["errors"]) \
        or "| (none) | | |"
    card = f"""# penguins-mlp — model card

A small multilayer perceptron that tells the three Palmer penguin species apart from four body
measurements. It is modelgate's first worked example: the *trained model* side of "is my model better
than asking an LLM?" for the `penguins` task.

## Model
- Input `measurements`: FP32 `[-1, 4]`, raw values in this order: {", ".join(f"`{f}`" for f in FEATURES)}
  (mm, mm, mm, g). Standardisation with the training split's mean and standard deviation is the first
  step inside the ONNX graph, so clients send raw measurements.
- Output `logits`: FP32 `[-1, 3]`, one logit per label in the order {", ".join(LABELS)};
  modelgate applies softmax for the task API's `scores`.
- Architecture: Linear(4, 16) – ReLU – Linear(16, 8) – ReLU – Linear(8, 3); ONNX opset 17.

## Data
- `{DATA_FILE}` (sha256 `{source["sha256"]}`), {source["licence"]}: {source["description"]}.
- Rows with a missing measurement are dropped (2 of 344), leaving {sum(len(s) for s in splits)}.
- Stratified split with seed {SEED}: {len(train_frame)} train, {len(validation_frame)} validation,
  {len(test_frame)} test. The splits are committed as `tasks/penguins/penguins-{{train,validation,test}}.csv`
  with their sha256 in `tasks/penguins/task.yaml`. The `id` column is `penguins-<row number in the source file>`.

## Training
Adam (learning rate 0.01), full-batch cross-entropy, at most 2000 epochs with early stopping
(patience 100) on the validation loss; the best epoch was {epochs}. Seed {SEED} for the split, PyTorch
and NumPy; one thread, so a rerun reproduces the same weights.

## Metrics
| split | n | accuracy | macro-F1 |
|---|---|---|---|
| train | {metrics["train"]["n"]} | {metrics["train"]["accuracy"]:.4f} | {metrics["train"]["macro_f1"]:.4f} |
| validation | {metrics["validation"]["n"]} | {metrics["validation"]["accuracy"]:.4f} | {metrics["validation"]["macro_f1"]:.4f} |
| test | {metrics["test"]["n"]} | {metrics["test"]["accuracy"]:.4f} | {metrics["test"]["macro_f1"]:.4f} |

Test examples it gets wrong:

| id | species | predicted |
|---|---|---|
{errors}

With n = {metrics["test"]["n"]} the test accuracy is a coarse number: one example is
{100 / metrics["test"]["n"]:.1f} percentage points.

## Retrain
From the repository root, with Debian's `python3-torch python3-onnx python3-pandas python3-sklearn python3-yaml`:

    /usr/bin/python3 models/penguins-mlp/train/train.py --data-dir ../shared/data

It rewrites `model.onnx`, `model.yaml`, this card and the task's split files and checksums.

## Limits
Three species from three islands of the Palmer Archipelago, 2007–2009; the model knows nothing of
other species and is not calibrated beyond what softmax of its logits gives.
"""
    (MODEL_DIR / "MODEL_CARD.md").write_text(card)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=os.environ.get("MODELGATE_DATA_DIR", str(REPO.parent / "shared" / "data")))
    args = parser.parse_args()

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)

    frame, source = read_data(args.data_dir)
    splits = split(frame)
    model, epochs, validation_loss = train(splits[0], splits[1])
    metrics = {name: evaluate(model, part) for name, part in zip(["train", "validation", "test"], splits)}

    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    TASK_DIR.mkdir(parents=True, exist_ok=True)
    export(model, MODEL_DIR / "model.onnx")
    paths = [write_split(part, name) for part, name in zip(splits, ["train", "validation", "test"])]
    update_task_checksums(paths)
    write_model_yaml(epochs)
    write_model_card(source, splits, epochs, metrics)
    for name, m in metrics.items():
        print(f"{name}: n={m['n']} accuracy={m['accuracy']:.4f} macro_f1={m['macro_f1']:.4f}")
    print(f"best epoch {epochs}, validation loss {validation_loss:.4f}")


if __name__ == "__main__":
    main()
