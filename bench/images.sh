#!/usr/bin/env bash
# Images per second of cifar10-cnn through the task API (JPEG in, the service decodes, resizes and
# normalises) and through KServe V2 (the normalised FP32 tensor in, as JSON numbers, as binary tensor
# data and over gRPC as raw_input_contents), at batch 1 and 64, next to raw
# in-process OrtSession.run on the same batches (bench/RawOrtBench.java), measured in the same run.
# Usage, from the repository root: bench/images.sh [seconds per step, default 10]
# Needs: wrk and h2load (apt-get install wrk nghttp2-client), Java 17, Debian python3-pil, python3-numpy, python3-yaml and the
# CIFAR-10 test archive under MODELGATE_DATA_DIR (default ../shared/data). Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_STEP="${1:-10}"
CONCURRENCY="${BENCH_CONCURRENCY:-4}"
PORT="${BENCH_PORT:-18080}"
URL="http://127.0.0.1:$PORT"
BODIES=target/bench-images
export MODELGATE_DATA_DIR="${MODELGATE_DATA_DIR:-../shared/data}"
command -v wrk >/dev/null || { echo "bench/images.sh needs wrk: apt-get install wrk" >&2; exit 2; }

source bench/service.sh
source bench/grpc.sh
build_service
ORT_JAR=$(find target/quarkus-app/lib -name 'com.microsoft.onnxruntime.onnxruntime-*.jar' | head -1)
CLASSPATH_SERVICE='target/quarkus-app/app/*:target/quarkus-app/lib/main/*'
mkdir -p target/bench-classes
javac -d target/bench-classes -cp "$CLASSPATH_SERVICE" bench/GrpcRequestFile.java
/usr/bin/python3 bench/make_image_bodies.py "$MODELGATE_DATA_DIR" "$BODIES"

start_service target/bench-service.log

# One request of each kind must be right before anything is timed.
curl -sf -H 'Content-Type: application/json' -d @"$BODIES/task-1.json" "$URL/api/systems/cifar10-cnn/predict" | grep -q '"label"' \
  || { echo "the task API did not answer with a label" >&2; exit 1; }

declare -A RPS
measure() { # name body-file endpoint [content-type header-length]
  export CONTENT_TYPE="${4:-application/json}"
  if [ -n "${5:-}" ]; then export HEADER_LENGTH="$5"; else unset HEADER_LENGTH; fi
  BODY="$2" wrk -t2 -c"$CONCURRENCY" -d3s -s bench/post_file.lua "$3" >/dev/null # warm-up
  local out non200
  out=$(BODY="$2" wrk -t2 -c"$CONCURRENCY" -d"${SECONDS_PER_STEP}s" -s bench/post_file.lua "$3")
  non200=$(awk '/^non-200:/ {print $2}' <<<"$out")
  [ "$non200" = "0" ] || { echo "$out"; echo "wrk saw $non200 answers other than 200 for $1" >&2; exit 1; }
  RPS[$1]=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
}
declare -A GRPC_ANSWER_LENGTH
for n in 1 64; do
  GRPC_ANSWER_LENGTH[$n]=$(grpc_body "$CLASSPATH_SERVICE" "$PORT" "$BODIES/grpc-$n.bin" cifar10-cnn image "$n,3,32,32" "@$BODIES/raw-$n.f32")
done
for n in 1 64; do
  measure "task-$n" "$BODIES/task-$n.json" "$URL/api/systems/cifar10-cnn/predict"
  measure "v2-$n" "$BODIES/v2-$n.json" "$URL/v2/models/cifar10-cnn/infer"
  measure "binary-$n" "$BODIES/binary-$n.bin" "$URL/v2/models/cifar10-cnn/infer" application/octet-stream \
    "$(cat "$BODIES/binary-$n.length")"
  grpc_measure 3 "$CONCURRENCY" 2 "$BODIES/grpc-$n.bin" "${GRPC_ANSWER_LENGTH[$n]}" "$URL" >/dev/null # warm-up
  RPS[grpc-$n]=$(grpc_measure "$SECONDS_PER_STEP" "$CONCURRENCY" 2 "$BODIES/grpc-$n.bin" "${GRPC_ANSWER_LENGTH[$n]}" "$URL" | awk '{print $1}')
done
kill $SERVICE; wait $SERVICE 2>/dev/null || true

declare -A RAW
for n in 1 64; do
  RAW[$n]=$(java -cp "$ORT_JAR" bench/RawOrtBench.java models/cifar10-cnn/model.onnx "$SECONDS_PER_STEP" "$CONCURRENCY" \
    image "$n,3,32,32" "@$BODIES/raw-$n.f32" | awk '{print $3}')
done

echo "Concurrency $CONCURRENCY, $SECONDS_PER_STEP s per step."
echo
echo "| batch | task API images/s | V2 JSON images/s | V2 binary images/s | V2 gRPC images/s | raw ORT images/s | task API / raw | V2 JSON / raw | V2 binary / raw | V2 gRPC / raw |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in 1 64; do
  awk -v n="$n" -v t="${RPS[task-$n]}" -v v="${RPS[v2-$n]}" -v b="${RPS[binary-$n]}" -v g="${RPS[grpc-$n]}" -v r="${RAW[$n]}" 'BEGIN {
    printf "| %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.3f | %.3f | %.3f | %.3f |\n", n, t * n, v * n, b * n, g * n, r * n, t / r, v / r, b / r, g / r }'
done
