#!/usr/bin/env python3
"""Call modelgate's KServe V2 API with NVIDIA's tritonclient, over binary HTTP and over gRPC.

    pip install "tritonclient[all]"
    python3 examples/python/infer.py                       # modelgate on localhost:8080
    python3 examples/python/infer.py --url host:8080 --grpc-url host:8080

gRPC is served on the HTTP port unless the server sets QUARKUS_GRPC_SERVER_USE_SEPARATE_SERVER=true
(then pass --grpc-url host:$QUARKUS_GRPC_SERVER_PORT). Both clients send the inputs as raw bytes
(binary_data_size over HTTP, raw_input_contents over gRPC) and get the outputs back the same way.
"""
import argparse
import json

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient

# One penguin: bill length and depth (mm), flipper length (mm), body mass (g).
MEASUREMENTS = np.array([[40.3, 18.0, 195.0, 3250.0]], dtype=np.float32)
LABELS = ["Adelie", "Chinstrap", "Gentoo"]


def penguins(client, module):
    """penguins-mlp: one FP32 tensor in, its logits out."""
    inputs = [module.InferInput("measurements", list(MEASUREMENTS.shape), "FP32")]
    inputs[0].set_data_from_numpy(MEASUREMENTS)
    outputs = [module.InferRequestedOutput("logits")]
    logits = client.infer("penguins-mlp", inputs, outputs=outputs).as_numpy("logits")
    return logits, LABELS[int(np.argmax(logits[0]))]


def prompt_system(client, module):
    """A prompt bound to an LLM: one BYTES tensor 'instances', a JSON object of the task's fields per row."""
    rows = np.array([json.dumps({"bill_length_mm": 49.6, "bill_depth_mm": 15, "flipper_length_mm": 216,
                                 "body_mass_g": 4750}).encode()], dtype=np.object_)
    inputs = [module.InferInput("instances", [1], "BYTES")]
    inputs[0].set_data_from_numpy(rows)
    return client.infer("penguins-zero-shot@default", inputs).as_numpy("label")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="localhost:8080", help="modelgate's HTTP host:port")
    parser.add_argument("--grpc-url", default="localhost:8080", help="modelgate's gRPC host:port (the HTTP port by default)")
    parser.add_argument("--prompt", action="store_true", help="also ask penguins-zero-shot@default (needs an LLM)")
    args = parser.parse_args()

    clients = [("http", httpclient.InferenceServerClient(args.url), httpclient),
               ("grpc", grpcclient.InferenceServerClient(args.grpc_url), grpcclient)]
    for name, client, module in clients:
        print(f"{name}: live={client.is_server_live()} ready={client.is_server_ready()}"
              f" penguins-mlp ready={client.is_model_ready('penguins-mlp')}")
        metadata = client.get_model_metadata("penguins-mlp")
        print(f"{name}: metadata {metadata if isinstance(metadata, dict) else metadata.name + ' ' + str(list(metadata.versions))}")
        logits, label = penguins(client, module)
        print(f"{name}: logits {logits.tolist()} -> {label}")
        if args.prompt:
            print(f"{name}: penguins-zero-shot@default says {prompt_system(client, module).tolist()}")


if __name__ == "__main__":
    main()
