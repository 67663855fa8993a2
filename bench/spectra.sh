#!/usr/bin/env bash
# Spectrum embeddings per second of ms2deepscore's own testmodel_v1.onnx through
# POST /api/spectra/embeddings (JSON spectra in, the service tensorises, runs and answers JSON) at 1, 64 and
# 1024 spectra per request, next to the same embedding path in-process (SpectraModels.embed over a model
# repository of the one model: no HTTP, no JSON; bench/SpectraRawBench.java) on the same batches, measured in
# the same run, with where a request's time goes (the service's own metrics, bench/SpectraJsonBench.java for the JSON); then top-10 library search against the
# memory-bandwidth floor (bench/SearchBench.java, no service involved).
# Usage, from the repository root: bench/spectra.sh [seconds per step, default 10]
# Needs: wrk (apt-get install wrk), Java 17, /usr/bin/python3 (standard library), and under MODELGATE_DATA_DIR
# (default ../shared/data) ms2deepscore/testmodel_v1.onnx and ms2deepscore/pesticides_processed.mgf.
# The model is mirror-only, so it is not in models/: the service gets a temporary model repository holding
# the models of models/ that have a model.yaml, and ms2deepscore-testmodel/.
# Prints Markdown tables for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_STEP="${1:-10}"
CONCURRENCY="${BENCH_CONCURRENCY:-4}"
BATCHES=(1 64 1024)
PORT="${BENCH_PORT:-18080}"
URL="http://127.0.0.1:$PORT"
MODEL=ms2deepscore-testmodel
BODIES=target/bench-spectra
REPOSITORY=target/bench-spectra-models
export MODELGATE_DATA_DIR="${MODELGATE_DATA_DIR:-../shared/data}"
ONNX="$MODELGATE_DATA_DIR/ms2deepscore/testmodel_v1.onnx"
MGF="$MODELGATE_DATA_DIR/ms2deepscore/pesticides_processed.mgf"
command -v wrk >/dev/null || { echo "bench/spectra.sh needs wrk: apt-get install wrk" >&2; exit 2; }
[ -f "$ONNX" ] && [ -f "$MGF" ] || { echo "bench/spectra.sh needs $ONNX and $MGF" >&2; exit 2; }

source bench/service.sh
build_service
# SpectraRawBench runs the service's own classes (model repository, inference, metrics) without Quarkus: ONNX
# Runtime, Jackson (model.yaml, the settings JSON in the model), Micrometer, JBoss Logging. Only these: with the
# whole of lib/ on a plain classpath the JVM crashes.
SERVICE_JARS=$(find target/quarkus-app/lib \( -name 'com.microsoft.onnxruntime.*.jar' -o -name 'com.fasterxml.jackson.*.jar' \
  -o -name 'org.yaml.snakeyaml-*.jar' -o -name 'io.micrometer.micrometer-*.jar' -o -name 'org.hdrhistogram.*.jar' \
  -o -name 'org.latencyutils.*.jar' -o -name 'org.jboss.logging.jboss-logging-*.jar' \) | sort | paste -sd: -)
JACKSON_JARS=$(find target/quarkus-app/lib -name 'com.fasterxml.jackson.core.jackson-*.jar' | sort | paste -sd: -)
/usr/bin/python3 bench/make_spectra_bodies.py "$MGF" "$BODIES"

rm -rf "$REPOSITORY"
mkdir -p "$REPOSITORY/$MODEL"
# Only the models that are there to serve (a folder with only train/, e.g. an untrained cifar10-cnn, would
# fail to load and keep a strictly ready service from ever being ready).
for model in models/*/; do
  if [ -f "$model/model.yaml" ]; then cp -r "$model" "$REPOSITORY/"; fi
done
cp "$ONNX" "$REPOSITORY/$MODEL/model.onnx"
printf 'name: %s\ndescription: ms2deepscore testmodel_v1.onnx as ms2deepscore exported it (bench/spectra.sh)\n' "$MODEL" \
  > "$REPOSITORY/$MODEL/model.yaml"

start_service target/bench-spectra-service.log MODELGATE_MODELS_DIR="$REPOSITORY"

# Every body must be answered with one embedding per spectrum before anything is timed.
for n in "${BATCHES[@]}"; do
  curl -sf -H 'Content-Type: application/json' -d @"$BODIES/embeddings-$n.json" "$URL/api/spectra/embeddings?model=$MODEL" \
    > "$BODIES/answer-$n.json" || { echo "POST /api/spectra/embeddings failed for $n spectra" >&2; exit 1; }
  /usr/bin/python3 -c 'import json, sys; a = json.load(open(sys.argv[1])); n = int(sys.argv[2])
assert a["count"] == n and len(a["embeddings"]) == n and a["dimension"] == 100, a.get("count")' \
    "$BODIES/answer-$n.json" "$n" || { echo "the answer for $n spectra is not $n embeddings of 100" >&2; exit 1; }
done

declare -A RPS SPLIT
for n in "${BATCHES[@]}"; do
  BODY="$BODIES/embeddings-$n.json" wrk -t2 -c"$CONCURRENCY" -d3s -s bench/post_file.lua \
    "$URL/api/spectra/embeddings?model=$MODEL" >/dev/null # warm-up
  curl -sf "$URL/q/metrics" > "$BODIES/metrics-before-$n.txt"
  out=$(BODY="$BODIES/embeddings-$n.json" wrk -t2 -c"$CONCURRENCY" -d"${SECONDS_PER_STEP}s" -s bench/post_file.lua \
    "$URL/api/spectra/embeddings?model=$MODEL")
  curl -sf "$URL/q/metrics" > "$BODIES/metrics-after-$n.txt"
  non200=$(awk '/^non-200:/ {print $2}' <<<"$out")
  [ "$non200" = "0" ] || { echo "$out"; echo "wrk saw $non200 answers other than 200 for $n spectra" >&2; exit 1; }
  RPS[$n]=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  # Mean ms per request over the step, from the service's own metrics: HTTP request, permit wait, ORT run.
  SPLIT[$n]=$(/usr/bin/python3 bench/metric_means.py "$BODIES/metrics-before-$n.txt" "$BODIES/metrics-after-$n.txt" \
    /api/spectra/embeddings "$MODEL")
done
kill $SERVICE; wait $SERVICE 2>/dev/null || true

declare -A RAW RAW_SPLIT
CHECK=""
while read -r kind a b c d; do
  case "$kind" in
    check) CHECK="$a $b $c" ;;
    raw) RAW[$a]=$d ;;
    split) RAW_SPLIT[$a]="$b $c" ;;
  esac
done < <(java -cp "target/classes:$SERVICE_JARS" bench/SpectraRawBench.java "$ONNX" "$MGF" "$SECONDS_PER_STEP" \
  "$CONCURRENCY" "$(IFS=,; echo "${BATCHES[*]}")")

declare -A JSON_SPLIT
while read -r _ n parse read write; do
  JSON_SPLIT[$n]="$parse $read $write"
done < <(java -cp "target/classes:$JACKSON_JARS" bench/SpectraJsonBench.java "$(( SECONDS_PER_STEP < 10 ? 1 : 2 ))" "$BODIES" \
  "$(IFS=,; echo "${BATCHES[*]}")")

# A baseline that failed to print (an exception in either program) must not pass for a number.
for n in "${BATCHES[@]}"; do
  [ -n "${RAW[$n]:-}" ] && [ -n "${RAW_SPLIT[$n]:-}" ] && [ -n "${JSON_SPLIT[$n]:-}" ] && [ -n "$CHECK" ] \
    || { echo "SpectraRawBench or SpectraJsonBench printed no result for $n spectra" >&2; exit 1; }
done
# The service and the baseline must compute the same embedding (first spectrum, first 3 values).
/usr/bin/python3 -c 'import json, sys; a = json.load(open(sys.argv[1]))["embeddings"][0][:3]; r = [float(x) for x in sys.argv[2:]]
assert all(abs(x - y) <= 1e-5 for x, y in zip(a, r)), (a, r)' "$BODIES/answer-1.json" $CHECK \
  || { echo "the service's embedding differs from SpectraRawBench's: $CHECK" >&2; exit 1; }

echo "Concurrency $CONCURRENCY (wrk connections; SpectraRawBench threads), $SECONDS_PER_STEP s per step."
echo
echo "| batch (spectra per request) | service embeddings/s | in-process embeddings/s | service / in-process |"
echo "|---|---|---|---|"
for n in "${BATCHES[@]}"; do
  awk -v n="$n" -v s="${RPS[$n]}" -v r="${RAW[$n]}" 'BEGIN {
    printf "| %d | %.0f | %.0f | %.3f |\n", n, s * n, r, s * n / r }'
done
echo
echo "Where a request's time goes, in ms. Service: means from its own metrics over the measured step, at concurrency"
echo "$CONCURRENCY on 2 cores, so each includes waiting for the CPU. One thread alone (bench/SpectraRawBench.java,"
echo "bench/SpectraJsonBench.java): the in-process SpectraModels.embed call (tensorisation + ONNX Runtime), tensorisation alone, and the JSON work"
echo "the service does on top: Jackson readTree of the body, SpectrumJson.read of every spectrum, writing the answer."
echo
echo "| batch | service: HTTP request | service: waiting for a permit | service: ORT run | service: the rest | 1 thread: in-process embed call | of which tensorisation | 1 thread: readTree | SpectrumJson.read | write the answer |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in "${BATCHES[@]}"; do
  read -r http queue compute <<<"${SPLIT[$n]}"
  read -r embed tensorise <<<"${RAW_SPLIT[$n]}"
  read -r parse read write <<<"${JSON_SPLIT[$n]}"
  awk -v n="$n" -v h="$http" -v q="$queue" -v c="$compute" -v e="$embed" -v t="$tensorise" -v p="$parse" -v r="$read" \
    -v w="$write" 'BEGIN { printf "| %d | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", n, h, q, c, h - q - c, e, t, p, r, w }'
done
echo

java -cp target/classes bench/SearchBench.java 100000 100,200 200 10 10
