#!/usr/bin/python3
"""Train an MS2DeepScore-style siamese model on MassBank and export it in ms2deepscore's ONNX format.

MS2DeepScore (Huber et al. 2021) maps an MS/MS spectrum to an embedding so that the cosine of two
embeddings predicts the Tanimoto similarity of the two molecules. This script:

  1. reads massbank/massbank_ms2_positive.mgf from the data directory (checked against data/manifest.yaml),
  2. groups the spectra by the first 14 characters of their InChIKey (one compound each), computes an
     RDKit daylight fingerprint (2048 bits) of one representative SMILES per compound and the Tanimoto
     score of every pair of compounds,
  3. splits the compounds 80/10/10 into train, validation and test (seeded; no compound in two splits),
  4. bins every spectrum as ms2deepscore's tensorisation does (m/z 10 to 1000, width 1, the highest
     peak of a bin wins, intensities normalised to the spectrum's highest peak, then square-rooted),
  5. trains a dense encoder (990 -> 128 -> 128 -> 64, ReLU, dropout, tanh embedding) on spectrum pairs
     sampled evenly over ten Tanimoto bins with ms2deepscore's data augmentation; the loss is the MSE
     between the cosine of the two embeddings and the Tanimoto score; early stopping on the
     validation compounds' bin-averaged MSE,
  6. exports the encoder to ONNX with ms2deepscore's interface: inputs spectra_tensors [N, 990] and
     metadata_tensors [N, 0] (accepted, unused), output embedding [N, 64], and the settings as JSON
     under the custom metadata key "settings",
  7. writes model.yaml, MODEL_CARD.md and the task files tasks/spectra/spectra-{test,validation,train}.csv
     (pairs of MassBank accessions with their Tanimoto score, balanced over the ten bins),
     tasks/spectra/spectra-compounds.csv (the compound split) and their sha256 in tasks/spectra/task.yaml.

Run from the repository root:  /usr/bin/python3 models/ms2deepscore-massbank/train/train.py
Needs Debian's python3-torch, python3-onnx, python3-numpy, python3-rdkit, python3-yaml.
--max-compounds N and --output-root DIR make a quick run on a subset that writes somewhere else.
"""
import argparse
import collections
import datetime
import hashlib
import io
import json
import os
import pathlib
import random
import re
import time

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import yaml
from rdkit import Chem, RDLogger

SEED = 42
DATA_FILE = "massbank/massbank_ms2_positive.mgf"
REPO = pathlib.Path(__file__).resolve().parents[3]
MODEL_NAME = "ms2deepscore-massbank"
TASK_NAME = "spectra"
INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")

# Tensorisation, as ms2deepscore's vectorize_spectrum: bins of mz_bin_width from min_mz (inclusive) to
# max_mz (exclusive); index = int((mz - min_mz) / mz_bin_width); the highest scaled intensity of a bin wins.
MIN_MZ, MAX_MZ, MZ_BIN_WIDTH, INTENSITY_SCALING = 10.0, 1000.0, 1.0, 0.5
NUM_BINS = int((MAX_MZ - MIN_MZ) / MZ_BIN_WIDTH)
MIN_PEAKS = 5  # peaks inside [MIN_MZ, MAX_MZ), as matchms' require_minimum_number_of_peaks(5) in the paper

# The ten Tanimoto bins, in ms2deepscore's form: a score t is in (low, high]; the first bin starts below 0.
TANIMOTO_BINS = [(-0.01, 0.1)] + [(round(i / 10, 1), round((i + 1) / 10, 1)) for i in range(1, 10)]
BIN_LABELS = ["0.0-0.1"] + [f"{lo:.1f}-{hi:.1f}" for lo, hi in TANIMOTO_BINS[1:]]

BASE_DIMS = [128, 128]
EMBEDDING_DIM = 64
DROPOUT = 0.2
LEARNING_RATE = 0.001
BATCH_SIZE = 32
NUM_TURNS = 4          # times each training compound is the first of a pair per epoch
MAX_EPOCHS = 150
PATIENCE = 20
AUGMENT = {"augment_removal_max": 0.2, "augment_removal_intensity": 0.2, "augment_intensity": 0.2,
           "augment_noise_max": 10, "augment_noise_intensity": 0.02}
PAIRS_PER_BIN = 100    # pairs per Tanimoto bin in the committed test and validation sets


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------- data

def read_source(data_dir):
    manifest = yaml.safe_load((REPO / "data" / "manifest.yaml").read_text())
    entry = next(d for d in manifest["datasets"] if d["name"] == DATA_FILE)
    path = pathlib.Path(data_dir) / DATA_FILE
    if not path.exists():
        raise SystemExit(f"{path} is missing: it is mirror-only ({entry['url']}); point --data-dir or "
                         f"MODELGATE_DATA_DIR at the data mirror")
    actual = sha256(path)
    if actual != entry["sha256"]:
        raise SystemExit(f"{path} has sha256 {actual}, the manifest expects {entry['sha256']}")
    return path, entry


def read_mgf(path):
    """Yields (metadata dict, mz array, intensity array) per BEGIN IONS ... END IONS block."""
    meta, mz, intensity = None, [], []
    with open(path, encoding="utf-8") as stream:
        for raw in stream:
            line = raw.strip()
            if not line:
                continue
            if line == "BEGIN IONS":
                meta, mz, intensity = {}, [], []
            elif line == "END IONS":
                yield meta, np.array(mz, dtype=np.float64), np.array(intensity, dtype=np.float64)
                meta = None
            elif meta is not None:
                if "=" in line and not line[0].isdigit():
                    key, value = line.split("=", 1)
                    meta[key] = value
                else:
                    fields = line.split()
                    mz.append(float(fields[0]))
                    intensity.append(float(fields[1]))


def vectorize(mz, intensity):
    """One spectrum as ms2deepscore's tensorisation sees it (after matchms' normalize_intensities)."""
    vector = np.zeros(NUM_BINS, dtype=np.float64)
    top = intensity.max() if len(intensity) else 0.0
    if top <= 0:
        return vector.astype(np.float32), 0
    scaled = (intensity / top) ** INTENSITY_SCALING
    kept = 0
    for m, value in zip(mz.tolist(), scaled.tolist()):
        if MIN_MZ <= m < MAX_MZ:
            index = int((m - MIN_MZ) / MZ_BIN_WIDTH)
            if value > vector[index]:
                vector[index] = value
            if value > 0:
                kept += 1
    return vector.astype(np.float32), kept


def load_spectra(path):
    """Reads the MGF, keeps the spectra with a valid InChIKey, a parseable SMILES and at least MIN_PEAKS
    peaks in the binning range, and groups them by the InChIKey's first block."""
    no_key, bad_smiles = "no valid InChIKey", "SMILES RDKit cannot parse (or with wildcards)"
    few_peaks = f"fewer than {MIN_PEAKS} peaks in m/z [{MIN_MZ:g}, {MAX_MZ:g})"
    counts = collections.Counter({"read": 0, no_key: 0, bad_smiles: 0, few_peaks: 0})
    ids, keys, smiles, vectors = [], [], [], []
    parsed = {}
    for meta, mz, intensity in read_mgf(path):
        counts["read"] += 1
        inchikey = meta.get("INCHIKEY", "").strip()
        if not INCHIKEY.match(inchikey):
            counts[no_key] += 1
            continue
        smi = meta.get("SMILES", "").strip()
        if smi not in parsed:
            mol = Chem.MolFromSmiles(smi) if smi and "*" not in smi and " " not in smi else None
            parsed[smi] = mol is not None and mol.GetNumAtoms() > 0
        if not parsed[smi]:
            counts[bad_smiles] += 1
            continue
        vector, kept = vectorize(mz, intensity)
        if kept < MIN_PEAKS:
            counts[few_peaks] += 1
            continue
        ids.append(meta["SPECTRUMID"])
        keys.append(inchikey[:14])
        smiles.append(smi)
        vectors.append(vector)
    return ids, keys, smiles, np.stack(vectors), counts


def representative_smiles(keys, smiles):
    """Per compound, its most frequent SMILES among its spectra (ties: the smallest string)."""
    by_key = collections.defaultdict(collections.Counter)
    for key, smi in zip(keys, smiles):
        by_key[key][smi] += 1
    return {key: min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, counter in by_key.items()}


def fingerprints(compounds, representative):
    bits = np.zeros((len(compounds), 2048), dtype=np.float32)
    for row, key in enumerate(compounds):
        fp = Chem.RDKFingerprint(Chem.MolFromSmiles(representative[key]), fpSize=2048)
        bits[row, list(fp.GetOnBits())] = 1.0
    return bits


def tanimoto_matrix(bits):
    """Tanimoto scores of all compound pairs, float64, as RDKit's TanimotoSimilarity computes them:
    |a and b| / |a or b| from exact bit counts."""
    matrix = torch.from_numpy(bits)
    intersection = (matrix @ matrix.T).numpy().astype(np.float64)  # exact: counts below 2**24
    count = bits.sum(axis=1).astype(np.float64)
    union = count[:, None] + count[None, :] - intersection
    return intersection / union


def bin_of(scores):
    """Index of the Tanimoto bin (low, high] of each score."""
    edges = np.array([hi for _, hi in TANIMOTO_BINS[:-1]])
    return np.searchsorted(edges, scores, side="left")


# --------------------------------------------------------------------------------------------- model

class SpectralEncoder(torch.nn.Module):
    """ms2deepscore's encoder: dense ReLU layers (dropout after every one but the first) and a tanh
    embedding layer. The parameter names are ms2deepscore's, so the ONNX initialisers match."""

    def __init__(self, peak_inputs, metadata_inputs, base_dims, embedding_dim, dropout):
        super().__init__()
        self.metadata_inputs = metadata_inputs
        sizes = [peak_inputs + metadata_inputs] + list(base_dims)
        self.dense_layers = torch.nn.ModuleList(
            torch.nn.Sequential(torch.nn.Linear(a, b), torch.nn.ReLU()) for a, b in zip(sizes, sizes[1:]))
        self.embedding_layer = torch.nn.Sequential(torch.nn.Linear(base_dims[-1], embedding_dim), torch.nn.Tanh())
        self.dropout = torch.nn.Dropout(dropout)

    def forward(self, spectra_tensors, metadata_tensors):
        x = torch.cat([metadata_tensors, spectra_tensors], dim=1) if self.metadata_inputs else spectra_tensors
        x = self.dense_layers[0](x)
        for layer in self.dense_layers[1:]:
            x = self.dropout(layer(x))
        return self.embedding_layer(x)


def embed(model, vectors, batch=4096):
    model.eval()
    empty = torch.zeros(0, 0)
    out = []
    with torch.no_grad():
        for start in range(0, len(vectors), batch):
            x = torch.from_numpy(vectors[start:start + batch])
            out.append(model(x, empty.new_zeros(len(x), 0)).numpy())
    embeddings = np.concatenate(out).astype(np.float64)
    norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
    return embeddings / np.maximum(norms, 1e-6)


# ------------------------------------------------------------------------------------------ training

class PairSampler:
    """The paper's balanced sampling (ms2deepscore's DataGeneratorAllInchikeys): every training compound
    is the first of a pair num_turns times per epoch; for each, a Tanimoto bin is drawn uniformly and a
    partner compound with a score in that bin; when there is none, the bin is widened by 0.1 on both
    sides up to three times, then the most similar other compound is taken. The compound itself is an
    allowed partner (include_diagonal): two of its spectra, score 1. One spectrum is drawn per compound."""

    def __init__(self, compounds, spectra_of, tanimoto, rng):
        self.compounds = np.asarray(compounds)
        self.spectra_of = spectra_of
        self.tanimoto = tanimoto[np.ix_(self.compounds, self.compounds)]
        self.rng = rng

    def partner(self, row, bin_index):
        scores = self.tanimoto[row]
        low, high = TANIMOTO_BINS[bin_index]
        widen = 0.0
        while widen < 0.35:
            candidates = np.flatnonzero((scores > low - widen) & (scores <= high + widen))
            if len(candidates):
                return candidates[self.rng.integers(len(candidates))]
            widen += 0.1
        others = scores.copy()
        others[row] = -1.0
        return int(np.argmax(others))

    def spectrum(self, compound, other_than=None):
        options = self.spectra_of[compound]
        if other_than is not None and len(options) > 1:
            options = [s for s in options if s != other_than]
        return options[self.rng.integers(len(options))]

    def epoch(self, num_turns, batch_size):
        order = np.tile(np.arange(len(self.compounds)), num_turns)
        self.rng.shuffle(order)
        for start in range(0, len(order) - batch_size + 1, batch_size):
            first, second, targets = [], [], []
            for row in order[start:start + batch_size]:
                other = self.partner(row, self.rng.integers(len(TANIMOTO_BINS)))
                a = self.spectrum(self.compounds[row])
                b = self.spectrum(self.compounds[other], other_than=a if other == row else None)
                first.append(a)
                second.append(b)
                targets.append(self.tanimoto[row, other])
            yield np.array(first), np.array(second), np.array(targets, dtype=np.float32)


def augment(x, rng):
    """ms2deepscore's data augmentation on binned (scaled) spectra, vectorised over a batch:
    1. of the peaks below augment_removal_intensity, each is removed with probability f, f drawn per
       spectrum from [0, augment_removal_max) (the documented intent of ms2deepscore's peak removal);
    2. every bin is multiplied by a factor drawn from [1 - augment_intensity, 1 + augment_intensity);
    3. 0 to augment_noise_max - 1 noise peaks of intensity below augment_noise_intensity are put in empty bins."""
    rows, bins = x.shape
    x = x.copy()
    fraction = rng.random((rows, 1)) * AUGMENT["augment_removal_max"]
    low = (x > 0) & (x < AUGMENT["augment_removal_intensity"])
    x[low & (rng.random(x.shape) < fraction)] = 0.0
    x *= (1.0 - AUGMENT["augment_intensity"] * 2.0 * (rng.random(x.shape) - 0.5)).astype(np.float32)
    noise_max = AUGMENT["augment_noise_max"]
    count = rng.integers(0, noise_max, size=(rows, 1))
    where = rng.integers(0, bins, size=(rows, noise_max))
    values = (AUGMENT["augment_noise_intensity"] * rng.random((rows, noise_max))).astype(np.float32)
    use = np.arange(noise_max)[None, :] < count
    row_index = np.broadcast_to(np.arange(rows)[:, None], where.shape)
    use &= x[row_index, where] == 0
    x[row_index[use], where[use]] = values[use]
    return x


def binned_losses(predicted, target):
    """MSE and RMSE per Tanimoto bin; the validation loss is their mean over the bins (ms2deepscore's
    binned validation loss), so that the many dissimilar pairs do not dominate."""
    bins = bin_of(target)
    per_bin = []
    for index in range(len(TANIMOTO_BINS)):
        mask = bins == index
        n = int(mask.sum())
        mse = float(np.mean((predicted[mask] - target[mask]) ** 2)) if n else float("nan")
        per_bin.append({"bin": BIN_LABELS[index], "n": n, "mse": mse, "rmse": mse ** 0.5 if n else float("nan")})
    return per_bin


def all_pairs_losses(embeddings, tanimoto_of_spectra_pairs, rows, chunk=512):
    """Per-bin sums over all pairs (i < j) of the given spectra: embeddings [n, d] (unit rows),
    a function (i_indices, j_indices) -> Tanimoto scores. Returns per-bin n, mse, rmse."""
    n = len(rows)
    sums = np.zeros(len(TANIMOTO_BINS))
    counts = np.zeros(len(TANIMOTO_BINS), dtype=np.int64)
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        cos = embeddings[start:stop] @ embeddings.T
        target = tanimoto_of_spectra_pairs(np.arange(start, stop))
        i, j = np.triu_indices(stop - start, k=1, m=n - start)
        i_local, j_global = i, j + start
        predicted = cos[i_local, j_global]
        truth = target[i_local, j_global]
        bins = bin_of(truth)
        sums += np.bincount(bins, weights=(predicted - truth) ** 2, minlength=len(TANIMOTO_BINS))
        counts += np.bincount(bins, minlength=len(TANIMOTO_BINS))
    return [{"bin": BIN_LABELS[k], "n": int(counts[k]),
             "mse": sums[k] / counts[k] if counts[k] else float("nan"),
             "rmse": (sums[k] / counts[k]) ** 0.5 if counts[k] else float("nan")} for k in range(len(TANIMOTO_BINS))]


def train(vectors, spectrum_compound, spectra_of, tanimoto, split_compounds, validation_spectra, args, log):
    rng = np.random.default_rng(SEED)
    model = SpectralEncoder(NUM_BINS, 0, BASE_DIMS, EMBEDDING_DIM, DROPOUT)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    sampler = PairSampler(split_compounds["train"], spectra_of, tanimoto, rng)

    # Validation: one spectrum per validation compound (seeded), all pairs between them.
    validation_compounds = spectrum_compound[validation_spectra]
    i, j = np.triu_indices(len(validation_spectra), k=1)
    validation_target = tanimoto[validation_compounds[i], validation_compounds[j]]

    best = {"loss": float("inf"), "epoch": 0, "state": None}
    history = []
    empty = torch.zeros(BATCH_SIZE, 0)
    for epoch in range(1, args.max_epochs + 1):
        started = time.time()
        model.train()
        losses = []
        for first, second, targets in sampler.epoch(NUM_TURNS, BATCH_SIZE):
            xa = torch.from_numpy(augment(vectors[first], rng))
            xb = torch.from_numpy(augment(vectors[second], rng))
            optimiser.zero_grad()
            cosine = torch.nn.functional.cosine_similarity(model(xa, empty), model(xb, empty), dim=1, eps=1e-6)
            loss = torch.mean((cosine - torch.from_numpy(targets)) ** 2)
            loss.backward()
            optimiser.step()
            losses.append(loss.item())
        emb = embed(model, vectors[validation_spectra])
        predicted = np.sum(emb[i] * emb[j], axis=1)
        per_bin = binned_losses(predicted, validation_target)
        validation_loss = float(np.nanmean([b["mse"] for b in per_bin]))
        history.append((epoch, float(np.mean(losses)), validation_loss))
        log(f"epoch {epoch:3d}: train MSE {np.mean(losses):.4f}, validation binned MSE {validation_loss:.4f} "
            f"(RMSE {validation_loss ** 0.5:.4f}), {time.time() - started:.1f} s")
        if validation_loss < best["loss"]:
            best = {"loss": validation_loss, "epoch": epoch,
                    "state": {k: v.clone() for k, v in model.state_dict().items()}}
        elif epoch - best["epoch"] >= PATIENCE:
            break
    model.load_state_dict(best["state"])
    model.eval()
    return model, best, history


# ----------------------------------------------------------------------------------------- task files

def sample_pairs(compounds, spectra_of, tanimoto, rng, per_bin):
    """Pairs of spectra of the given compounds, balanced over the Tanimoto bins: per bin, up to per_bin
    distinct compound pairs (the compound with itself allowed, then two different spectra) drawn
    uniformly without replacement, and one spectrum of each drawn at random."""
    compounds = np.asarray(compounds)
    sub = tanimoto[np.ix_(compounds, compounds)]
    i, j = np.triu_indices(len(compounds), k=0)
    same = i == j
    multi = np.array([len(spectra_of[c]) > 1 for c in compounds])
    keep = ~same | multi[i]  # a compound paired with itself needs two spectra
    i, j = i[keep], j[keep]
    scores = sub[i, j]
    bins = bin_of(scores)
    pairs, available = [], []
    for index in range(len(TANIMOTO_BINS)):
        candidates = np.flatnonzero(bins == index)
        available.append(len(candidates))
        chosen = rng.choice(candidates, size=min(per_bin, len(candidates)), replace=False) if len(candidates) else []
        for k in chosen:
            ca, cb = compounds[i[k]], compounds[j[k]]
            options_a = spectra_of[ca]
            a = options_a[rng.integers(len(options_a))]
            options_b = [s for s in spectra_of[cb] if s != a]
            b = options_b[rng.integers(len(options_b))]
            if rng.random() < 0.5:
                a, b = b, a
            pairs.append((a, b, float(scores[k]), index))
    return pairs, available


def write_pairs(path, name, pairs, ids):
    lines = ["id,spectrum_a,spectrum_b,tanimoto"]
    for n, (a, b, score, _) in enumerate(pairs, start=1):
        lines.append(f"{name}-{n:04d},{ids[a]},{ids[b]},{score:.6f}")
    path.write_text("\n".join(lines) + "\n")


def write_compound_split(path, compounds, split_of):
    lines = ["inchikey14,split"] + [f"{key},{split_of[key]}" for key in compounds]
    path.write_text("\n".join(lines) + "\n")


def update_task_checksums(task_file, paths, listed):
    text = task_file.read_text()
    # The compound list is not a set of examples: its checksum is in a comment, "<name> (sha256 <hex>)".
    pattern = re.compile(rf"({re.escape(listed.name)}\n#\s+\(sha256 )[0-9a-f]+")
    text, count = pattern.subn(rf"\g<1>{sha256(listed)}", text)
    if count == 0:
        raise SystemExit(f"{task_file} has no comment naming {listed.name} followed by '(sha256 ...'")
    for path in paths:
        pattern = re.compile(rf"(file: {re.escape(path.name)}\n\s+sha256: )[0-9a-f]+")
        text, count = pattern.subn(rf"\g<1>{sha256(path)}", text)
        if count == 0:
            raise SystemExit(f"{task_file} has no entry with 'file: {path.name}' followed by 'sha256:'")
    task_file.write_text(text)


# --------------------------------------------------------------------------------------------- export

def settings_json(args, counts, best, time_stamp):
    """The settings under ms2deepscore's keys (those of its own ONNX exports, in their order) with our
    values. Keys for ms2deepscore features we do not use keep the values of ms2deepscore's own test-model
    export (testmodel_v1.onnx), as the card says."""
    settings = {
        "spectrum_file_path": None,
        "root_dir": None,
        "spectrum_file_name": pathlib.PurePath(DATA_FILE).name,
        "validation_spectra_file_name": None,
        "test_spectra_file_name": None,
        "training_spectra_file_name": None,
        "results_folder": None,
        "model_directory_name": None,
        "train_test_split_fraction": 10,
        "base_dims": BASE_DIMS,
        "embedding_dim": EMBEDDING_DIM,
        "ionisation_mode": "positive",
        "activation_function": "relu",
        "balanced_sampling_across_ionmodes": False,
        "train_binning_layer": False,
        "train_binning_layer_group_size": 20,
        "train_binning_layer_output_per_group": 2,
        "dropout_rate": DROPOUT,
        "learning_rate": LEARNING_RATE,
        "epochs": args.max_epochs,
        "patience": PATIENCE,
        "loss_function": "mse",
        "weighting_factor": 0,
        "model_file_name": "model.onnx",
        "history_plot_file_name": "",
        "time_stamp": time_stamp,
        "min_mz": int(MIN_MZ),  # integers, as ms2deepscore's defaults (its settings check the types)
        "max_mz": int(MAX_MZ),
        "mz_bin_width": MZ_BIN_WIDTH,
        "intensity_scaling": INTENSITY_SCALING,
        "additional_metadata": [],
        "batch_size": BATCH_SIZE,
        "num_turns": NUM_TURNS,
        "shuffle": True,
        "use_fixed_set": False,
        "average_inchikey_sampling_count": 100,
        "max_inchikey_sampling": 110,
        "max_pairs_per_bin": 100,
        "same_prob_bins": [list(b) for b in TANIMOTO_BINS],
        "include_diagonal": True,
        "val_spectra_per_inchikey": 1,
        "random_seed": SEED,
        "max_pair_resampling": 10000000,
        "fingerprint_type": "daylight",
        "fingerprint_nbits": 2048,
        **AUGMENT,
        "average_pairs_per_bin": 20,
    }
    return settings


def export(model, path, settings):
    model.eval()
    buffer = io.BytesIO()
    torch.onnx.export(model, (torch.zeros(1, NUM_BINS), torch.zeros(1, 0)), buffer,
                      input_names=["spectra_tensors", "metadata_tensors"], output_names=["embedding"],
                      dynamic_axes={"spectra_tensors": {0: "batch_size"}, "metadata_tensors": {0: "batch_size"},
                                    "embedding": {0: "batch_size"}},
                      opset_version=17, do_constant_folding=True)
    graph = onnx.load_from_string(buffer.getvalue())
    names = [i.name for i in graph.graph.input]
    if "metadata_tensors" not in names:
        # The encoder does not read an empty metadata tensor, and the exporter drops unused inputs:
        # declare it, as ms2deepscore's own exports do, so clients can feed it.
        graph.graph.input.append(onnx.helper.make_tensor_value_info(
            "metadata_tensors", onnx.TensorProto.FLOAT, ["batch_size", 0]))
    graph.producer_name = f"modelgate models/{MODEL_NAME}/train/train.py"
    graph.producer_version = ""
    del graph.metadata_props[:]
    entry = graph.metadata_props.add()
    entry.key = "settings"
    entry.value = json.dumps(settings)
    onnx.checker.check_model(graph, full_check=True)
    path.write_bytes(graph.SerializeToString())
    return graph


def numpy_forward(graph, spectra):
    """Runs the exported graph's Gemm/Relu/Tanh chain with numpy, from the ONNX initialisers, to check
    that the file computes what the PyTorch model does (Python onnxruntime is not available here)."""
    weights = {t.name: numpy_helper.to_array(t) for t in graph.graph.initializer}
    values = {"spectra_tensors": spectra.astype(np.float32)}
    for node in graph.graph.node:
        inputs = [values.get(n, weights.get(n)) for n in node.input]
        if node.op_type == "Gemm":
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            a, b = inputs[0], inputs[1]
            if attrs.get("transA"):
                a = a.T
            if attrs.get("transB"):
                b = b.T
            out = attrs.get("alpha", 1.0) * (a @ b)
            if len(inputs) > 2:
                out = out + attrs.get("beta", 1.0) * inputs[2]
        elif node.op_type == "MatMul":
            out = inputs[0] @ inputs[1]
        elif node.op_type == "Add":
            out = inputs[0] + inputs[1]
        elif node.op_type == "Relu":
            out = np.maximum(inputs[0], 0)
        elif node.op_type == "Tanh":
            out = np.tanh(inputs[0])
        else:
            raise SystemExit(f"unexpected ONNX node {node.op_type} in the exported graph")
        values[node.output[0]] = out
    return values["embedding"]


def describe_io(graph):
    def dims(value):
        return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]
    return ([(i.name, dims(i)) for i in graph.graph.input], [(o.name, dims(o)) for o in graph.graph.output])


# ----------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=os.environ.get("MODELGATE_DATA_DIR", str(REPO.parent / "shared" / "data")))
    parser.add_argument("--max-compounds", type=int, default=0,
                        help="use a seeded subset of this many compounds (0: all), for quick checks")
    parser.add_argument("--max-epochs", type=int, default=MAX_EPOCHS)
    parser.add_argument("--threads", type=int, default=1, help="PyTorch threads (fixed, for reproducibility)")
    parser.add_argument("--output-root", default=str(REPO),
                        help="where models/ and tasks/ are written (default: the repository)")
    args = parser.parse_args()

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    RDLogger.DisableLog("rdApp.*")
    started = time.time()
    out = pathlib.Path(args.output_root)
    model_dir, task_dir = out / "models" / MODEL_NAME, out / "tasks" / TASK_NAME
    model_dir.mkdir(parents=True, exist_ok=True)
    task_dir.mkdir(parents=True, exist_ok=True)
    log_lines = []

    def log(message):
        print(message, flush=True)
        log_lines.append(message)

    path, source = read_source(args.data_dir)
    ids, keys, smiles, vectors, counts = load_spectra(path)
    log(f"read {counts['read']} spectra; kept {len(ids)}; dropped: "
        + ", ".join(f"{k}: {v}" for k, v in counts.items() if k != "read"))

    representative = representative_smiles(keys, smiles)
    compounds = sorted(representative)
    bits = fingerprints(compounds, representative)
    empty_fp = set(np.array(compounds)[bits.sum(axis=1) == 0])
    if empty_fp:
        log(f"dropping {len(empty_fp)} compounds with an empty fingerprint")
        counts["compound with an empty fingerprint"] = sum(1 for k in keys if k in empty_fp)
    compounds = [c for c in compounds if c not in empty_fp]

    split_rng = np.random.default_rng(SEED)
    order = split_rng.permutation(len(compounds))
    if args.max_compounds:
        order = np.sort(order[:args.max_compounds])
        compounds = [compounds[k] for k in order]
        order = split_rng.permutation(len(compounds))
    n_test = n_validation = int(round(0.1 * len(compounds)))
    split_of = {}
    for rank, k in enumerate(order):
        split_of[compounds[k]] = "test" if rank < n_test else "validation" if rank < n_test + n_validation else "train"

    # Keep the spectra of the compounds in use, in file order (sorted by accession).
    compound_index = {c: k for k, c in enumerate(compounds)}
    keep = [s for s, key in enumerate(keys) if key in compound_index]
    ids = [ids[s] for s in keep]
    keys = [keys[s] for s in keep]
    vectors = vectors[keep]
    spectrum_compound = np.array([compound_index[k] for k in keys])
    spectra_of = collections.defaultdict(list)
    for s, c in enumerate(spectrum_compound):
        spectra_of[int(c)].append(s)

    bits = fingerprints(compounds, representative)
    tanimoto = tanimoto_matrix(bits)
    tanimoto32 = tanimoto.astype(np.float32)
    split_compounds = {name: np.array([compound_index[c] for c in compounds if split_of[c] == name])
                       for name in ("train", "validation", "test")}
    split_spectra = {name: np.flatnonzero(np.isin(spectrum_compound, members))
                     for name, members in split_compounds.items()}
    for name in ("train", "validation", "test"):
        log(f"{name}: {len(split_compounds[name])} compounds, {len(split_spectra[name])} spectra")
    log(f"data prepared in {time.time() - started:.0f} s")

    # One spectrum per validation compound for the early-stopping loss.
    pick_rng = np.random.default_rng(SEED + 1)
    validation_spectra = np.array([spectra_of[int(c)][pick_rng.integers(len(spectra_of[int(c)]))]
                                   for c in split_compounds["validation"]])

    train_started = time.time()
    model, best, history = train(vectors, spectrum_compound, spectra_of, tanimoto32, split_compounds,
                                 validation_spectra, args, log)
    train_seconds = time.time() - train_started
    log(f"best epoch {best['epoch']} of {len(history)}, validation binned MSE {best['loss']:.4f}; "
        f"training took {train_seconds:.0f} s")

    # Task files: balanced pairs of held-out spectra.
    pair_rng = np.random.default_rng(SEED + 2)
    test_pairs, test_available = sample_pairs(split_compounds["test"], spectra_of, tanimoto, pair_rng, PAIRS_PER_BIN)
    validation_pairs, validation_available = sample_pairs(split_compounds["validation"], spectra_of, tanimoto,
                                                          pair_rng, PAIRS_PER_BIN)
    train_pairs, train_available = sample_pairs(split_compounds["train"], spectra_of, tanimoto, pair_rng,
                                                PAIRS_PER_BIN)
    test_file, validation_file = task_dir / "spectra-test.csv", task_dir / "spectra-validation.csv"
    train_file, compounds_file = task_dir / "spectra-train.csv", task_dir / "spectra-compounds.csv"
    write_pairs(test_file, "spectra-test", test_pairs, ids)
    write_pairs(validation_file, "spectra-validation", validation_pairs, ids)
    write_pairs(train_file, "spectra-train", train_pairs, ids)
    write_compound_split(compounds_file, compounds, split_of)

    # Metrics.
    embeddings = embed(model, vectors)

    def pair_metrics(pairs):
        a = np.array([p[0] for p in pairs])
        b = np.array([p[1] for p in pairs])
        truth = np.array([round(p[2], 6) for p in pairs])
        predicted = np.sum(embeddings[a] * embeddings[b], axis=1)
        error = (predicted - truth) ** 2
        boot = np.random.default_rng(SEED + 3).integers(0, len(error), size=(1000, len(error)))
        rmses = np.sqrt(error[boot].mean(axis=1))
        return {"n": len(pairs), "rmse": float(np.sqrt(error.mean())),
                "rmse_ci": (float(np.percentile(rmses, 2.5)), float(np.percentile(rmses, 97.5))),
                "mae": float(np.abs(predicted - truth).mean()),
                "per_bin": binned_losses(predicted, truth)}

    metrics = {"test": pair_metrics(test_pairs), "validation": pair_metrics(validation_pairs),
               "train": pair_metrics(train_pairs)}
    test_rows = split_spectra["test"]
    test_embeddings = embeddings[test_rows]
    test_comp = spectrum_compound[test_rows]

    def targets_for(local_rows):
        return tanimoto[np.ix_(test_comp[local_rows], test_comp)]

    metrics["test_all_pairs"] = all_pairs_losses(test_embeddings, targets_for, test_rows)
    all_n = sum(b["n"] for b in metrics["test_all_pairs"])
    all_mse = sum(b["mse"] * b["n"] for b in metrics["test_all_pairs"] if b["n"]) / all_n
    metrics["test_all_pairs_summary"] = {
        "n": all_n, "rmse": all_mse ** 0.5,
        "binned_rmse": float(np.nanmean([b["mse"] for b in metrics["test_all_pairs"]])) ** 0.5}

    # Export and check.
    time_stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y_%m_%d_%H_%M_%S")
    settings = settings_json(args, counts, best, time_stamp)
    graph = export(model, model_dir / "model.onnx", settings)
    check = vectors[test_rows[:64]]
    with torch.no_grad():
        reference = model(torch.from_numpy(check), torch.zeros(len(check), 0)).numpy()
    from_onnx = numpy_forward(graph, check)
    max_diff = float(np.abs(from_onnx - reference).max())
    if max_diff > 1e-5:
        raise SystemExit(f"the exported graph differs from the PyTorch model by {max_diff}")
    io_desc = describe_io(graph)
    log(f"exported {model_dir / 'model.onnx'} ({(model_dir / 'model.onnx').stat().st_size} bytes): "
        f"inputs {io_desc[0]}, outputs {io_desc[1]}; numpy replay max |diff| {max_diff:.2e}")

    task_file = task_dir / "task.yaml"
    if task_file.exists():
        update_task_checksums(task_file, [test_file, validation_file, train_file], compounds_file)
    total_seconds = time.time() - started
    report = {
        "source": source, "counts": counts, "split_compounds": {k: len(v) for k, v in split_compounds.items()},
        "split_spectra": {k: len(v) for k, v in split_spectra.items()}, "best": best, "history": history,
        "metrics": metrics, "test_available": test_available, "validation_available": validation_available,
        "train_seconds": train_seconds, "total_seconds": total_seconds, "settings": settings,
        "onnx_bytes": (model_dir / "model.onnx").stat().st_size, "max_diff": max_diff, "args": args,
        "n_spectra": len(ids), "n_compounds": len(compounds), "io": io_desc,
    }
    write_model_yaml(model_dir, best, len(history))
    write_model_card(model_dir, report)
    for name in ("test", "validation", "train"):
        m = metrics[name]
        log(f"{name} pairs: n={m['n']} RMSE {m['rmse']:.4f} (95% CI {m['rmse_ci'][0]:.4f}-{m['rmse_ci'][1]:.4f}) "
            + " ".join(f"[{b['bin']}: n={b['n']} {b['rmse']:.3f}]" for b in m["per_bin"]))
    s = metrics["test_all_pairs_summary"]
    log(f"test all pairs: n={s['n']} RMSE {s['rmse']:.4f}, bin-averaged RMSE {s['binned_rmse']:.4f}")
    log(f"total {total_seconds:.0f} s")


# ------------------------------------------------------------------------------------ model.yaml, card

# The serving side's dynamic batching (docs/model-repository.md), measured with bench/batching.sh.
DYNAMIC_BATCHING = {"max-batch-size": 64}


def write_model_yaml(model_dir, best, epochs_run):
    model_yaml = {
        "name": MODEL_NAME,
        "version": 1,
        "task": TASK_NAME,
        "description": (f"MS2DeepScore-style siamese encoder ({NUM_BINS} m/z bins, dense "
                        f"{'-'.join(str(d) for d in BASE_DIMS)}, embedding {EMBEDDING_DIM}) trained on MassBank "
                        "positive-mode MS/MS; the cosine of two embeddings predicts the Tanimoto score "
                        "(ms2deepscore ONNX format, settings in the ONNX metadata)"),
        "file": "model.onnx",
        # One spectrum per request is the common call (similarity of a pair, a search query); gathering them
        # pays here: ONNX Runtime embeds about 6x more spectra per second at batch 64 than at batch 1 on 2 CPUs
        # (bench/batching.sh, docs/performance.md).
        "dynamic-batching": DYNAMIC_BATCHING,
    }
    header = ("# Written by train/train.py: retrain rather than edit by hand.\n"
              "# Inputs, outputs and the binning settings are read from model.onnx (ms2deepscore's format:\n"
              "# spectra_tensors, metadata_tensors -> embedding; JSON under the metadata key 'settings').\n"
              "# dynamic-batching gathers single requests into one run (docs/model-repository.md).\n"
              f"# Best epoch {best['epoch']} of {epochs_run} (early stopping on the validation compounds).\n")
    (model_dir / "model.yaml").write_text(header + yaml.safe_dump(model_yaml, sort_keys=False, width=100))


def write_model_card(model_dir, r):
    m = r["metrics"]
    counts = r["counts"]
    dropped = "\n".join(f"  - {k}: {v}" for k, v in counts.items() if k != "read")

    def bin_table(per_bin_pairs, per_bin_all):
        rows = []
        for p, a in zip(per_bin_pairs, per_bin_all):
            rows.append(f"| {p['bin']} | {p['n']} | {p['rmse']:.3f} | {a['n']} | {a['rmse']:.3f} |")
        return "\n".join(rows)

    short_bins = [f"{BIN_LABELS[k]} ({n})" for k, n in enumerate(r["test_available"]) if n < PAIRS_PER_BIN]
    short_validation = [f"{BIN_LABELS[k]} ({n})" for k, n in enumerate(r["validation_available"]) if n < PAIRS_PER_BIN]
    s = m["test_all_pairs_summary"]
    subset = (f"\n**This card is from a subset run (--max-compounds {r['args'].max_compounds}); "
              "the committed model is trained on all compounds.**\n" if r["args"].max_compounds else "")
    card = f"""# {MODEL_NAME} — model card
{subset}
An MS2DeepScore-style siamese network (Huber et al. 2021, *J. Cheminform.* 13:84) trained on MassBank:
it maps a positive-mode MS/MS spectrum to a {EMBEDDING_DIM}-dimensional embedding so that the cosine of two
embeddings predicts the Tanimoto similarity (RDKit daylight fingerprint, 2048 bits) of the two molecules.
It is the *trained model* side of the `spectra` task. The file follows ms2deepscore's own ONNX export,
so ms2deepscore's `SiameseSpectralModelONNX` and modelgate's `spectra` package read it the same way.

## Model
- Input `spectra_tensors`: FP32 `[batch_size, {NUM_BINS}]`, the binned spectrum (below).
- Input `metadata_tensors`: FP32 `[batch_size, 0]`: no metadata is used (`additional_metadata` is
  empty); the input is declared, as in ms2deepscore's exports, and ignored.
- Output `embedding`: FP32 `[batch_size, {EMBEDDING_DIM}]`; the score of two spectra is the cosine of their embeddings.
- Encoder: Linear({NUM_BINS}, {BASE_DIMS[0]}) – ReLU – Linear({BASE_DIMS[0]}, {BASE_DIMS[1]}) – ReLU – Dropout({DROPOUT}) –
  Linear({BASE_DIMS[1]}, {EMBEDDING_DIM}) – tanh, ms2deepscore's `SpectralEncoder` layout (dropout after every
  dense layer but the first) with its parameter names; ONNX opset 17, {r['onnx_bytes']} bytes. The network
  is smaller than ms2deepscore's defaults so the committed file stays well under 1 MB.
- The settings are JSON under the ONNX custom metadata key `settings`, with ms2deepscore's keys
  (see below).

### Tensorisation (what a client must do before calling the model)
As ms2deepscore's `tensorize_spectra` / `vectorize_spectrum`, after matchms' `normalize_intensities`:
1. divide every intensity by the spectrum's highest intensity (all peaks, before the m/z filter);
2. keep the peaks with `min_mz <= mz < max_mz` ({MIN_MZ:g} <= m/z < {MAX_MZ:g});
3. bin index = `int((mz - min_mz) / mz_bin_width)` (floor, in double precision), {NUM_BINS} bins of width {MZ_BIN_WIDTH:g};
4. value = intensity ** `intensity_scaling` ({INTENSITY_SCALING:g}, the square root); when two peaks fall in
   one bin the larger value wins (no sum); empty bins are 0.

## Data
- `{DATA_FILE}` (sha256 `{r['source']['sha256']}`), {r['source']['licence']};
  MassBank release 2025.05.1, converted to MGF by the data mirror (not committed: mirror-only).
- {counts['read']} spectra read; {r['n_spectra']} kept for {r['n_compounds']} compounds (first InChIKey block). Dropped:
{dropped}
- A compound's structure is its most frequent SMILES among its spectra; its fingerprint is
  `Chem.RDKFingerprint(mol, fpSize=2048)` and Tanimoto scores are computed from exact bit counts (as
  RDKit's `TanimotoSimilarity`).
- Split by compound, seeded ({SEED}), 80/10/10: no compound is in two splits.

| split | compounds | spectra |
|---|---:|---:|
| train | {r['split_compounds']['train']} | {r['split_spectra']['train']} |
| validation | {r['split_compounds']['validation']} | {r['split_spectra']['validation']} |
| test | {r['split_compounds']['test']} | {r['split_spectra']['test']} |

The compound of each split is listed in `tasks/spectra/spectra-compounds.csv`.

## Training
Pairs are sampled as in the paper (ms2deepscore's `DataGeneratorAllInchikeys`): each training compound is
the first of a pair {NUM_TURNS} times per epoch; a Tanimoto bin is drawn uniformly from the ten bins
(-0.01, 0.1], (0.1, 0.2], …, (0.9, 1.0]; a partner compound with a score in that bin is drawn (the bin is
widened by 0.1 up to three times when empty, then the most similar compound is taken; the compound itself
is allowed, with two different spectra); one random spectrum of each compound is used. Both spectra are
augmented as ms2deepscore does (low peaks below 0.2 removed with a probability up to 0.2, intensities
multiplied by a factor in [0.8, 1.2), up to 9 noise peaks below 0.02 added). Loss: mean squared error between the
cosine of the two embeddings and the Tanimoto score. Adam, learning rate {LEARNING_RATE}, batches of {BATCH_SIZE}
pairs, at most {r['args'].max_epochs} epochs; early stopping (patience {PATIENCE}) on the validation loss:
the MSE per Tanimoto bin averaged over the bins (ms2deepscore's binned validation loss), over all pairs of
one seeded spectrum per validation compound. Best epoch {r['best']['epoch']} of {len(r['history'])}
(validation binned RMSE {r['best']['loss'] ** 0.5:.4f}). Training took {r['train_seconds']:.0f} s, the whole
script {r['total_seconds']:.0f} s, with {r['args'].threads} PyTorch thread(s) on a 2-core machine. Seeds {SEED} (split, sampling, PyTorch), fixed thread count.

## Metrics
On held-out test compounds. "Test pairs" are the committed `tasks/spectra/spectra-test.csv`: up to
{PAIRS_PER_BIN} spectrum pairs per Tanimoto bin (n = {m['test']['n']}); "all pairs" are every pair of two
different test spectra (n = {s['n']}), dominated by dissimilar pairs.

| | n | RMSE | 95% CI (bootstrap) |
|---|---:|---:|---|
| test pairs (balanced) | {m['test']['n']} | **{m['test']['rmse']:.4f}** | {m['test']['rmse_ci'][0]:.4f}–{m['test']['rmse_ci'][1]:.4f} |
| validation pairs (balanced) | {m['validation']['n']} | {m['validation']['rmse']:.4f} | {m['validation']['rmse_ci'][0]:.4f}–{m['validation']['rmse_ci'][1]:.4f} |
| train pairs (balanced) | {m['train']['n']} | {m['train']['rmse']:.4f} | {m['train']['rmse_ci'][0]:.4f}–{m['train']['rmse_ci'][1]:.4f} |
| test, all pairs | {s['n']} | {s['rmse']:.4f} | |
| test, all pairs, RMSE of the bin-averaged MSE | {s['n']} | {s['binned_rmse']:.4f} | |

Per Tanimoto bin (score in (low, high]; the first bin includes 0):

| Tanimoto bin | test pairs n | test pairs RMSE | all test pairs n | all test pairs RMSE |
|---|---:|---:|---:|---:|
{bin_table(m['test']['per_bin'], m['test_all_pairs'])}

{"Bins with fewer than " + str(PAIRS_PER_BIN) + " candidate compound pairs among the test compounds (all are used): " + ", ".join(short_bins) + "." if short_bins else f"Every bin has {PAIRS_PER_BIN} test pairs."}
{"(Validation: " + ", ".join(short_validation) + ".)" if short_validation else ""}

For comparison, the paper reports an RMSE of about 0.15 on GNPS test spectra (Huber et al. 2021,
trained on about 110,000 GNPS positive-mode spectra of about 15,000 compounds, m/z bins of width 0.1
from 10 to 1000 and a 500-500-200 network). This model sees far less data (MassBank's openly licensed positive-mode
spectra: {r['split_compounds']['train']} training compounds), a coarser binning and a smaller network, and MassBank
differs from GNPS in instruments and collision energies (many spectra per compound at several energies),
so the numbers are not directly comparable.

## Settings (the ONNX metadata)
Keys for ms2deepscore features this script does not use keep the values of ms2deepscore's own test-model export:
`average_inchikey_sampling_count`, `max_inchikey_sampling`, `max_pairs_per_bin`, `max_pair_resampling`,
`average_pairs_per_bin` (ms2deepscore 2's pair selection; we sample as the paper does),
`train_binning_layer_*` (no trained binning layer). `train_test_split_fraction` 10 means 1/10 of the
compounds each for validation and test; `time_stamp` is the UTC time of training.

```json
{json.dumps(r['settings'], indent=1)}
```

## Retrain
From the repository root, with Debian's `python3-torch python3-onnx python3-numpy python3-rdkit python3-yaml`:

    /usr/bin/python3 models/{MODEL_NAME}/train/train.py --data-dir ../shared/data

It rewrites `model.onnx`, `model.yaml`, this card, `tasks/spectra/spectra-{{test,validation,train,compounds}}.csv`
and their sha256 in `tasks/spectra/task.yaml`. A rerun gives the same split files and metrics; the ONNX
file differs only in `time_stamp`.

## Limits
Positive ion mode only; structures from MassBank's openly licensed records (CC0, CC BY, CC BY-SA).
The cosine of two embeddings is not calibrated to [0, 1] (tanh embeddings; it can be negative).
Compounds that share their first InChIKey block (stereoisomers) are one compound.
"""
    # Keep the hand-written "Model vs prompt" section (benchmark runs through modelgate, not this script).
    card_file = model_dir / "MODEL_CARD.md"
    old = card_file.read_text() if card_file.exists() else ""
    kept = old[old.index("\n## Model vs prompt"):] if "\n## Model vs prompt" in old else ""
    card_file.write_text(card.rstrip("\n") + "\n" + kept)


if __name__ == "__main__":
    main()
