#!/usr/bin/env bash
# Dynamic batching on and off: V2 inference of one row at a time through the packaged service (wrk), the service
# started twice on two model repositories that differ only in the model's dynamic-batching block.
# Usage, from the repository root: bench/batching.sh [seconds per run, default 20] [model, default ms2deepscore-massbank]
#   model: ms2deepscore-massbank (one binned spectrum, spectra_tensors [1, 990]) or penguins-mlp ([1, 4]).
#   BENCH_BODY=binary sends the row as binary tensor data (and asks for binary outputs) instead of JSON numbers,
#   which takes the JSON decoding of 990 floats out of each request;
#   BENCH_CONCURRENCY (default 64) connections; BENCH_BATCHING a dynamic-batching block for the "on" run in place of
#   the model's own (when unset: the committed block, or "{max-batch-size: 64}" for a model that has none).
# "Off" is the same model folder with the dynamic-batching block taken out of model.yaml (target/bench-batching/off),
# "on" the folder as committed, or with BENCH_BATCHING in place of its block (target/bench-batching/on).
# Needs: wrk (apt-get install wrk), Java 17, /usr/bin/python3 (standard library). Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN="${1:-20}"
MODEL="${2:-ms2deepscore-massbank}"
CONCURRENCY="${BENCH_CONCURRENCY:-64}"
THREADS=$(( CONCURRENCY < 2 ? 1 : 2 ))
BLOCK="${BENCH_BATCHING:-}"
BODY="${BENCH_BODY:-json}"
PORT="${BENCH_PORT:-18080}"
URL="http://127.0.0.1:$PORT"
WORK=target/bench-batching
command -v wrk >/dev/null || { echo "bench/batching.sh needs wrk: apt-get install wrk" >&2; exit 2; }
[ -f "models/$MODEL/model.yaml" ] || { echo "no model models/$MODEL" >&2; exit 2; }

rm -rf "$WORK"
mkdir -p "$WORK/on" "$WORK/off"
cp -r "models/$MODEL" "$WORK/on/$MODEL"
cp -r "models/$MODEL" "$WORK/off/$MODEL"
/usr/bin/python3 - "$WORK" "$MODEL" "$BLOCK" "$BODY" <<'PY'
import json, pathlib, re, struct, sys
work, model, block, kind = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def without_block(text):  # the dynamic-batching key and its indented lines
    return re.sub(r"(?m)^dynamic-batching:.*\n(?:[ \t]+.*\n)*", "", text)
for variant in ("on", "off"):
    path = work / variant / model / "model.yaml"
    text = path.read_text()
    if variant == "off" or block:
        text = without_block(text)
    if variant == "on" and (block or not re.search(r"(?m)^dynamic-batching:", text)):
        text += f"dynamic-batching: {block or '{max-batch-size: 64}'}\n"
    path.write_text(text)
if model == "ms2deepscore-massbank":
    # One binned spectrum: a few peaks among 990 bins (the cost of a run does not depend on the values).
    row = [0.0] * 990
    for i, v in ((120, 1.0), (305, 0.42), (511, 0.8), (777, 0.15), (902, 0.33)):
        row[i] = v
    inputs = [("spectra_tensors", [1, 990], row), ("metadata_tensors", [1, 0], [])]
elif model == "penguins-mlp":
    inputs = [("measurements", [1, 4], [40.3, 18, 195, 3250])]
else:
    sys.exit(f"bench/batching.sh has no request body for {model}")
headers = {"Content-Type": "application/json"}
if kind == "binary":
    request = {"inputs": [{"name": n, "shape": s, "datatype": "FP32", "parameters": {"binary_data_size": 4 * len(d)}}
                          for n, s, d in inputs], "parameters": {"binary_data_output": True}}
    header = json.dumps(request, separators=(",", ":")).encode()
    body = header + b"".join(struct.pack(f"<{len(d)}f", *d) for _, _, d in inputs)
    headers = {"Content-Type": "application/octet-stream", "Inference-Header-Content-Length": str(len(header))}
else:
    body = json.dumps({"inputs": [{"name": n, "shape": s, "datatype": "FP32", "data": d} for n, s, d in inputs]},
                      separators=(",", ":")).encode()
(work / "body").write_bytes(body)
(work / "infer.lua").write_text(
    'wrk.method = "POST"\n' + "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in headers.items())
    + 'local f = io.open("%s", "rb")\nwrk.body = f:read("*a")\nf:close()\n' % (work / "body").resolve()
    + 'done = function(summary, latency, requests)\n  io.write(string.format("non-200: %d\\n", summary.errors.status))\nend\n')
PY

source bench/service.sh
build_service

to_ms() { # wrk prints 812.00us, 1.20ms or 2.01s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'
}

# Off and on alternate, BENCH_ROUNDS times (default 3), so that load from elsewhere on the machine falls on both;
# the table gives every round and the median of each column.
ROUNDS="${BENCH_ROUNDS:-3}"
declare -A RPS P50 P99 ROWS
measure() { # variant round
  local variant="$1" round="$2" before after out non200
  start_service "$WORK/service-$variant.log" MODELGATE_MODELS_DIR="$WORK/$variant"
  # Warm the JIT and the connection pool before measuring.
  wrk -t"$THREADS" -c"$CONCURRENCY" -d5s -s "$WORK/infer.lua" "$URL/v2/models/$MODEL/infer" >/dev/null
  before=$(run_rows)
  out=$(wrk -t"$THREADS" -c"$CONCURRENCY" -d"${SECONDS_PER_RUN}s" --latency -s "$WORK/infer.lua" "$URL/v2/models/$MODEL/infer")
  after=$(run_rows)
  kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
  non200=$(awk '/^non-200:/ {print $2}' <<<"$out")
  [ "$non200" = "0" ] || { echo "$out"; echo "wrk saw $non200 answers other than 200 ($variant)" >&2; exit 1; }
  RPS[$variant,$round]=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  P50[$variant,$round]=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  P99[$variant,$round]=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  # Mean rows per ONNX Runtime run during the measured seconds, from the service's own histogram.
  ROWS[$variant,$round]=$(awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " ");
    n = y[1] - x[1]; printf("%.1f", (n > 0) ? (y[2] - x[2]) / n : 0) }')
}
run_rows() { # "count sum" of modelgate_inference_run_rows for the model
  curl -sf "$URL/q/metrics" | awk -v m="model=\"$MODEL\"" 'index($0, m) && /^modelgate_inference_run_rows_count/ { c = $NF }
    index($0, m) && /^modelgate_inference_run_rows_sum/ { s = $NF } END { print c + 0, s + 0 }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for round in $(seq 1 "$ROUNDS"); do
  for variant in off on; do
    measure "$variant" "$round"
  done
done

echo "model $MODEL, dynamic-batching $(awk '/^dynamic-batching:/ { on = 1; sub(/^dynamic-batching: */, ""); printf "%s", $0; next } on && /^[ \t]/ { printf " %s %s", $1, $2; next } { on = 0 }' "$WORK/on/$MODEL/model.yaml"), one row per request ($BODY), $CONCURRENCY connections, ${SECONDS_PER_RUN} s per run, $ROUNDS rounds, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| round | dynamic batching | req/s | p50 ms | p99 ms | mean rows per ONNX Runtime run |"
echo "|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  for variant in off on; do
    printf "| %s | %s | %.0f | %.2f | %.2f | %s |\n" "$round" "$variant" "${RPS[$variant,$round]}" "${P50[$variant,$round]}" \
      "${P99[$variant,$round]}" "${ROWS[$variant,$round]}"
  done
done
declare -A MEDIAN
for variant in off on; do
  for column in RPS P50 P99 ROWS; do
    unset -n values 2>/dev/null || true
    declare -n values="$column"
    MEDIAN[$variant,$column]=$(for round in $(seq 1 "$ROUNDS"); do echo "${values[$variant,$round]}"; done | median)
  done
  printf "| median | %s | %.0f | %.2f | %.2f | %s |\n" "$variant" "${MEDIAN[$variant,RPS]}" "${MEDIAN[$variant,P50]}" \
    "${MEDIAN[$variant,P99]}" "${MEDIAN[$variant,ROWS]}"
done
awk -v on="${MEDIAN[on,RPS]}" -v off="${MEDIAN[off,RPS]}" 'BEGIN { printf "\nthroughput on / off (medians): %.2f×\n", on / off }'
