#!/usr/bin/python3
"""Request bodies for bench/images.sh, from the first 64 images of tasks/cifar10/cifar10-test-1000.txt:
task-N.json ({"instances": [{"image": <base64 JPEG>}, ...]}), v2-N.json (KServe V2, the FP32 tensor
[N, 3, 32, 32] normalised as models/cifar10-cnn/model.yaml says), binary-N.bin (the same request with the binary
tensor data extension: its JSON, whose length is in binary-N.length, then the tensor's bytes; the logits asked
back as binary too) and raw-N.f32 (the tensor as little-endian floats, for bench/RawOrtBench.java), for N = 1 and 64.
Usage: /usr/bin/python3 bench/make_image_bodies.py DATA_DIR OUT_DIR"""
import base64
import io
import json
import pathlib
import sys
import tarfile

import numpy as np
import yaml
from PIL import Image

data_dir, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
wanted = pathlib.Path("tasks/cifar10/cifar10-test-1000.txt").read_text().split()[:64]
image_config = yaml.safe_load(pathlib.Path("models/cifar10-cnn/model.yaml").read_text())["inputs"][0]["image"]
jpegs = {}
with tarfile.open(data_dir / "cifar10" / "cifar10-test-jpeg.tar.gz") as tar:
    for member in tar:
        if member.name in wanted:
            jpegs[member.name] = tar.extractfile(member).read()
jpegs = [jpegs[name] for name in wanted]

pixels = np.stack([np.asarray(Image.open(io.BytesIO(j)).convert("RGB"), dtype=np.float32) for j in jpegs])
tensor = (pixels * image_config["scale"] - np.array(image_config["mean"], dtype=np.float32)) / np.array(
    image_config["std"], dtype=np.float32)
tensor = np.ascontiguousarray(tensor.transpose(0, 3, 1, 2), dtype="<f4")

for n in (1, 64):
    (out / f"task-{n}.json").write_text(json.dumps(
        {"instances": [{"image": base64.b64encode(j).decode()} for j in jpegs[:n]]}))
    (out / f"v2-{n}.json").write_text(json.dumps({"inputs": [{
        "name": "image", "shape": [n, 3, 32, 32], "datatype": "FP32",
        "data": [round(float(v), 6) for v in tensor[:n].ravel()]}]}))
    (out / f"raw-{n}.f32").write_bytes(tensor[:n].tobytes())
    header = json.dumps({"inputs": [{"name": "image", "shape": [n, 3, 32, 32], "datatype": "FP32",
                                     "parameters": {"binary_data_size": int(tensor[:n].nbytes)}}],
                         "parameters": {"binary_data_output": True}}).encode()
    (out / f"binary-{n}.bin").write_bytes(header + tensor[:n].tobytes())
    (out / f"binary-{n}.length").write_text(str(len(header)))
