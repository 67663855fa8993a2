#!/usr/bin/python3
"""Where a request's time went, from two scrapes of /q/metrics taken before and after a wrk step (standard
library only): prints "<http ms> <queue ms> <compute ms>", the mean per request over that step of
http_server_requests_seconds for URI (status 200), and of modelgate_inference_queue_seconds and
modelgate_inference_compute_seconds for MODEL (the wait for an inference permit, and ONNX Runtime's run).
Usage: /usr/bin/python3 bench/metric_means.py BEFORE AFTER URI MODEL"""
import re
import sys

LINE = re.compile(r'^([a-z_]+)\{([^}]*)\}\s+(\S+)$')


def sums(path, uri, model):
    totals = {}
    for line in open(path, encoding="utf-8"):
        match = LINE.match(line.strip())
        if not match:
            continue
        name, labels, value = match.groups()
        if name.startswith("http_server_requests_seconds_") and f'uri="{uri}"' in labels and 'status="200"' in labels:
            key = "http" + name[len("http_server_requests_seconds"):]
        elif name.startswith("modelgate_inference_") and f'model="{model}"' in labels:
            key = name[len("modelgate_inference_"):].replace("_seconds", "")
        else:
            continue
        totals[key] = totals.get(key, 0.0) + float(value)
    return totals


before, after = sums(sys.argv[1], sys.argv[3], sys.argv[4]), sums(sys.argv[2], sys.argv[3], sys.argv[4])


def mean_ms(kind):
    count = after.get(kind + "_count", 0) - before.get(kind + "_count", 0)
    if count <= 0:
        sys.exit(f"no {kind} observations between the two scrapes")
    return 1000 * (after[kind + "_sum"] - before.get(kind + "_sum", 0)) / count


print(f"{mean_ms('http'):.3f} {mean_ms('queue'):.3f} {mean_ms('compute'):.3f}")
