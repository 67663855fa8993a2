#!/usr/bin/python3
"""Train the weather regression (tomorrow's hours of sunshine in Basel) and export it to ONNX.

Reads weather/weather_prediction_dataset_light.csv from the data directory (MODELGATE_DATA_DIR,
default ../shared/data; checked against data/manifest.yaml), takes the splits that tasks/weather/task.yaml
defines by date (train 2000-2007, validation 2008, test 2009; the target of a day is the next day's
BASEL_sunshine), trains a dense network as the course does (two hidden layers, dropout, early
stopping) and exports ONNX with the standardisation inside the graph. Writes model.onnx, model.yaml
and MODEL_CARD.md next to this folder. Nothing derived from the data set is written: it is mirror-only.

Run from the repository root:  /usr/bin/python3 models/weather-mlp/train/train.py
Needs Debian's python3-torch, python3-onnx, python3-pandas, python3-yaml.
"""
import argparse
import hashlib
import io
import os
import pathlib
import random

import numpy as np
import onnx
import pandas as pd
import torch
import yaml

SEED = 42
REPO = pathlib.Path(__file__).resolve().parents[3]
MODEL_DIR = REPO / "models" / "weather-mlp"
COURSE_REFERENCE_RMSE = 3.21


def load(data_dir):
    task = yaml.safe_load((REPO / "tasks" / "weather" / "task.yaml").read_text())
    manifest = yaml.safe_load((REPO / "data" / "manifest.yaml").read_text())
    entry = next(d for d in manifest["datasets"] if d["name"] == task["source"])
    path = pathlib.Path(data_dir) / task["source"]
    if not path.exists():
        raise SystemExit(f"{path} is missing: put it there or download it from {entry['url']}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        raise SystemExit(f"{path} has sha256 {digest}, the manifest expects {entry['sha256']}")
    frame = pd.read_csv(path, dtype={"DATE": str})
    # The target of a day is the next day's sunshine in Basel, as tasks/weather/task.yaml says.
    frame["target"] = frame[task["target"]].shift(-1)
    features = [i["name"] for i in task["inputs"]]
    splits = {}
    for spec in task["training-sets"] + task["test-sets"]:
        rows = frame[(frame["DATE"] >= spec["from"]) & (frame["DATE"] <= spec["to"])]
        splits[spec["name"]] = rows
    return task, entry, features, splits


HAND_KEPT = "\n## Model vs prompt"


def write_card(path, text):
    """Writes the model card, keeping its hand-written "Model vs prompt" section (benchmark runs through
    modelgate, not this script) when there is one."""
    old = path.read_text() if path.exists() else ""
    kept = old[old.index(HAND_KEPT):] if HAND_KEPT in old else ""
    path.write_text(text.rstrip("\n") + "\n" + kept)


class WeatherMlp(torch.nn.Module):
    """Standardisation with the training split's statistics, then Dense(100)-Dropout-Dense(50)-Dropout-Dense(1)."""

    def __init__(self, mean, std, width):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(width, 100), torch.nn.ReLU(), torch.nn.Dropout(0.2),
            torch.nn.Linear(100, 50), torch.nn.ReLU(), torch.nn.Dropout(0.2),
            torch.nn.Linear(50, 1))

    def forward(self, features):
        return self.layers((features - self.mean) / self.std)


def tensors(frame, features):
    return (torch.tensor(frame[features].to_numpy(dtype=np.float32)),
            torch.tensor(frame["target"].to_numpy(dtype=np.float32)).unsqueeze(1))


def train(train_frame, validation_frame, features, max_epochs=500, patience=30, batch=64):
    x, y = tensors(train_frame, features)
    vx, vy = tensors(validation_frame, features)
    std = x.std(dim=0)
    std[std == 0] = 1
    model = WeatherMlp(x.mean(dim=0).tolist(), std.tolist(), len(features))
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    generator = torch.Generator().manual_seed(SEED)
    best, best_state, best_epoch = float("inf"), None, 0
    for epoch in range(max_epochs):
        model.train()
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), batch):
            index = order[start:start + batch]
            optimiser.zero_grad()
            loss_fn(model(x[index]), y[index]).backward()
            optimiser.step()
        model.eval()
        with torch.no_grad():
            validation = loss_fn(model(vx), vy).item()
        if validation < best - 1e-4:
            best, best_epoch = validation, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        elif epoch - best_epoch >= patience:
            break
    model.load_state_dict(best_state)
    model.eval()
    return model, best_epoch + 1


def scores(model, frame, features, task):
    x, y = tensors(frame, features)
    with torch.no_grad():
        predicted = model(x).squeeze(1).numpy()
    truth = y.squeeze(1).numpy()
    naive = frame[task["naive-baseline"]["field"]].to_numpy(dtype=np.float32)
    rmse = float(np.sqrt(np.mean((predicted - truth) ** 2)))
    return {"n": len(frame), "rmse": rmse, "mae": float(np.mean(np.abs(predicted - truth))),
            "r2": float(1 - np.sum((predicted - truth) ** 2) / np.sum((truth - truth.mean()) ** 2)),
            "naive_rmse": float(np.sqrt(np.mean((naive - truth) ** 2))), "naive_mae": float(np.mean(np.abs(naive - truth)))}


def export(model, width, path):
    buffer = io.BytesIO()
    torch.onnx.export(model, torch.zeros(1, width), buffer, input_names=["features"], output_names=["sunshine"],
                      dynamic_axes={"features": {0: "batch"}, "sunshine": {0: "batch"}}, opset_version=17)
    graph = onnx.load_from_string(buffer.getvalue())
    graph.producer_name = "modelgate models/weather-mlp/train/train.py"
    onnx.checker.check_model(graph)
    path.write_bytes(graph.SerializeToString())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=os.environ.get("MODELGATE_DATA_DIR", str(REPO.parent / "shared" / "data")))
    args = parser.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)

    task, entry, features, splits = load(args.data_dir)
    model, epochs = train(splits["weather-train"], splits["weather-validation"], features)
    metrics = {name: scores(model, frame, features, task) for name, frame in splits.items()}
    export(model, len(features), MODEL_DIR / "model.onnx")
    (MODEL_DIR / "model.yaml").write_text(
        "# Written by train/train.py: retrain rather than edit by hand.\n" + yaml.safe_dump({
            "name": "weather-mlp", "version": 1, "task": "weather",
            "description": "dense 89-100-50-1 with dropout on today's observations (standardised inside the graph)",
            "inputs": [{"name": "features", "datatype": "FP32", "shape": [-1, len(features)], "features": features}],
            "outputs": [{"name": "sunshine", "datatype": "FP32", "shape": [-1, 1], "kind": "value"}],
        }, sort_keys=False))
    rows = "\n".join(f"| {name} | {m['n']} | {m['rmse']:.3f} | {m['mae']:.3f} | {m['r2']:.3f} | {m['naive_rmse']:.3f} | {m['naive_mae']:.3f} |"
                     for name, m in metrics.items())
    test = metrics["weather-test"]
    write_card(MODEL_DIR / "MODEL_CARD.md", f"""# weather-mlp — model card

Tomorrow's hours of sunshine in Basel from today's weather in 11 European places: the regression of
the deep-learning course, as the *trained model* side of the `weather` task.

## Model
- Input `features`: FP32 `[-1, {len(features)}]`, today's values of every column of the light weather data
  set but `DATE` and `MONTH`, in the order of `tasks/weather/task.yaml` (and `model.yaml`). The
  standardisation with the training split's mean and standard deviation is inside the ONNX graph.
- Output `sunshine`: FP32 `[-1, 1]`, hours.
- Dense(100)–ReLU–Dropout(0.2)–Dense(50)–ReLU–Dropout(0.2)–Dense(1); ONNX opset 17.

## Data
`{task['source']}` (sha256 `{entry['sha256']}`), {entry['licence']}; not committed (mirror-only). Split by
time, as `tasks/weather/task.yaml` defines: train 2000–2007, validation 2008 (early stopping), test 2009.
The target of a day is the next day's `BASEL_sunshine`.

## Training
Adam (learning rate 1e-3), mean squared error, mini-batches of 64, at most 500 epochs with early
stopping (patience 30) on the validation loss; the best epoch was {epochs}. Seed {SEED}, one thread.

## Metrics
| split | n | RMSE (h) | MAE (h) | R² | naive RMSE (h) | naive MAE (h) |
|---|---|---|---|---|---|---|
{rows}

"Naive" is the task's baseline: tomorrow's sunshine = today's. On the 2009 test year the model's RMSE
is {test['rmse']:.2f} h against {test['naive_rmse']:.2f} h for the baseline and the course's reference of
{COURSE_REFERENCE_RMSE} h{' — it beats both' if test['rmse'] < min(test['naive_rmse'], COURSE_REFERENCE_RMSE) else ''}.
(The course's number comes from its own split; compare it with care.)

## Retrain
    /usr/bin/python3 models/weather-mlp/train/train.py --data-dir ../shared/data
""")
    for name, m in metrics.items():
        print(name, {k: round(v, 4) if isinstance(v, float) else v for k, v in m.items()})
    print("best epoch", epochs)


if __name__ == "__main__":
    main()
