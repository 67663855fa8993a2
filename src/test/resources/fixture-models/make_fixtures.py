#!/usr/bin/python3
"""Writes the tiny ONNX models the tests serve, next to their model.yaml files.

Run from the repository root after changing it: /usr/bin/python3 src/test/resources/fixture-models/make_fixtures.py
Needs Debian's python3-onnx and python3-numpy. The outputs are committed, so the tests need no Python.
"""
import pathlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = pathlib.Path(__file__).resolve().parent
OPSET = [helper.make_opsetid("", 17)]

# Every V2 datatype ONNX Runtime's Java API can carry, and the ONNX type behind it.
TYPES = {
    "BOOL": TensorProto.BOOL, "UINT8": TensorProto.UINT8, "INT8": TensorProto.INT8,
    "INT16": TensorProto.INT16, "INT32": TensorProto.INT32, "INT64": TensorProto.INT64,
    "FP16": TensorProto.FLOAT16, "FP32": TensorProto.FLOAT, "FP64": TensorProto.DOUBLE,
    "BYTES": TensorProto.STRING,
}


def save(graph, *path):
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="modelgate make_fixtures.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    target = HERE.joinpath(*path)
    target.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(target))


def identity_types():
    nodes, inputs, outputs = [], [], []
    for name, onnx_type in TYPES.items():
        inputs.append(helper.make_tensor_value_info(f"in_{name}", onnx_type, ["batch", "width"]))
        outputs.append(helper.make_tensor_value_info(f"out_{name}", onnx_type, ["batch", "width"]))
        nodes.append(helper.make_node("Identity", [f"in_{name}"], [f"out_{name}"]))
    save(helper.make_graph(nodes, "identity_types", inputs, outputs), "identity-types", "model.onnx")


def add_constant(value, name):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])
    constant = numpy_helper.from_array(np.array([value], dtype=np.float32), "constant")
    graph = helper.make_graph([helper.make_node("Add", ["x", "constant"], ["y"])], name, [x], [y], [constant])
    return graph


def versioned():
    save(add_constant(1.0, "add_one"), "versioned", "1", "model.onnx")
    save(add_constant(2.0, "add_two"), "versioned", "2", "model.onnx")


def fixed_shape():
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])
    save(helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "fixed_shape", [x], [y]),
         "fixed-shape", "model.onnx")


def tabular_regression():
    # value = one-hot(island) . [1, 10, 100] + 1000 * ordinal(sex) + 10000 * bill_length_mm,
    # so a test can read every feature's encoding and position back from the answer.
    features = helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 5])
    value = helper.make_tensor_value_info("value", TensorProto.FLOAT, ["batch", 1])
    weights = numpy_helper.from_array(np.array([[1], [10], [100], [1000], [10000]], dtype=np.float32), "weights")
    graph = helper.make_graph([helper.make_node("MatMul", ["features", "weights"], ["value"])],
                              "tabular_regression", [features], [value], [weights])
    save(graph, "tabular-regression", "model.onnx")


def tabular_classifier():
    # Two classes from two features; already outputs probabilities (Softmax inside the graph).
    features = helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 2])
    probabilities = helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 2])
    weights = numpy_helper.from_array(np.array([[1, 0], [0, 1]], dtype=np.float32), "weights")
    graph = helper.make_graph([helper.make_node("MatMul", ["features", "weights"], ["scores"]),
                               helper.make_node("Softmax", ["scores"], ["probabilities"], axis=1)],
                              "tabular_classifier", [features], [probabilities], [weights])
    save(graph, "tabular-classifier", "model.onnx")


def affine(name, slope, intercept):
    # value = slope * x + intercept, on the toy-regression task's field x
    features = helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 1])
    value = helper.make_tensor_value_info("value", TensorProto.FLOAT, ["batch", 1])
    weights = numpy_helper.from_array(np.array([[slope]], dtype=np.float32), "slope")
    bias = numpy_helper.from_array(np.array([intercept], dtype=np.float32), "intercept")
    graph = helper.make_graph([helper.make_node("MatMul", ["features", "slope"], ["scaled"]),
                               helper.make_node("Add", ["scaled", "intercept"], ["value"])],
                              name.replace("-", "_"), [features], [value], [weights, bias])
    save(graph, name, "model.onnx")


def mean_colour():
    # logits = the mean of each colour channel: a red picture is "red". Input NCHW [batch, 3, 32, 32].
    image = helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, 32, 32])
    logits = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])
    nodes = [helper.make_node("ReduceMean", ["image"], ["logits"], axes=[2, 3], keepdims=0)]
    save(helper.make_graph(nodes, "mean_colour", [image], [logits]), "mean-colour", "model.onnx")


def broken():
    HERE.joinpath("broken").mkdir(exist_ok=True)
    HERE.joinpath("broken", "model.onnx").write_bytes(b"this is not an ONNX model\n")


def spectra_with_metadata():
    """An ms2deepscore-format model that also reads precursor m/z and ion mode (as ms2deepscore 2 models do):
    10 bins of 1 m/z from 0, then embedding = tanh([bins, metadata] · W) with 3 values."""
    import json
    spectra = helper.make_tensor_value_info("spectra_tensors", TensorProto.FLOAT, ["batch", 10])
    metadata = helper.make_tensor_value_info("metadata_tensors", TensorProto.FLOAT, ["batch", 2])
    embedding = helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 3])
    weights = np.zeros((12, 3), dtype=np.float32)
    weights[:10, 0] = np.linspace(0.1, 1.0, 10)
    weights[10, 1] = 1.0
    weights[11, 2] = 1.0
    nodes = [helper.make_node("Concat", ["spectra_tensors", "metadata_tensors"], ["joined"], axis=1),
             helper.make_node("MatMul", ["joined", "weights"], ["linear"]),
             helper.make_node("Tanh", ["linear"], ["embedding"])]
    graph = helper.make_graph(nodes, "spectra_with_metadata", [spectra, metadata], [embedding],
                              [numpy_helper.from_array(weights, "weights")])
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="modelgate make_fixtures.py")
    model.ir_version = 8
    settings = {"min_mz": 0, "max_mz": 10, "mz_bin_width": 1.0, "intensity_scaling": 0.5, "embedding_dim": 3,
                "ionisation_mode": "positive", "time_stamp": "2000_01_01_00_00_00",
                "additional_metadata": [
                    ["StandardScaler", {"metadata_field": "precursor_mz", "mean": 200.0, "standard_deviation": 100.0}],
                    ["CategoricalToBinary", {"metadata_field": "ionmode", "entries_becoming_one": ["positive"],
                                             "entries_becoming_zero": ["negative"]}]]}
    helper.set_model_props(model, {"settings": json.dumps(settings)})
    onnx.checker.check_model(model)
    onnx.save(model, str(HERE / "spectra-with-metadata" / "model.onnx"))


if __name__ == "__main__":
    identity_types()
    versioned()
    fixed_shape()
    tabular_regression()
    tabular_classifier()
    affine("toy-linear", 2.0, 1.0)
    affine("toy-constant", 0.0, 5.0)
    mean_colour()
    broken()
    spectra_with_metadata()
