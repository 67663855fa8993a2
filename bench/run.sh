#!/usr/bin/env bash
# Throughput and latency of penguins-mlp inference through the packaged service over V2 JSON, V2 binary tensor
# data and V2 gRPC, next to the same server's cheapest request (GET /v2/health/live), a plain Vert.x handler
# (bench/PlainVertxServer.java) and raw in-process OrtSession.run on the same input (bench/RawOrtBench.java),
# all measured in the same run: ROUNDS alternated rounds, the median of each.
# Usage, from the repository root: bench/run.sh [seconds per step, default 10] [rounds, default 3]
# Needs: wrk and h2load (apt-get install wrk nghttp2-client), Java 17, python3. Prints a Markdown table for
# docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_STEP="${1:-10}"
ROUNDS="${2:-3}"
CONCURRENCIES=(1 8 32)
KINDS=(plain live json binary grpc)
PORT="${BENCH_PORT:-18080}"
PLAIN_PORT=$((PORT + 1))
URL="http://127.0.0.1:$PORT"
INFER="$URL/v2/models/penguins-mlp/infer"
BODIES=target/bench-penguins
command -v wrk >/dev/null || { echo "bench/run.sh needs wrk: apt-get install wrk" >&2; exit 2; }

source bench/service.sh
source bench/grpc.sh
build_service
ORT_JAR=$(find target/quarkus-app/lib -name 'com.microsoft.onnxruntime.onnxruntime-*.jar' | head -1)
CLASSPATH_SERVICE='target/quarkus-app/app/*:target/quarkus-app/lib/main/*'
# Compiled once rather than by the source launcher on every step.
mkdir -p target/bench-classes
javac -d target/bench-classes -cp "$CLASSPATH_SERVICE" bench/GrpcRequestFile.java bench/PlainVertxServer.java

# The one penguin (penguins-3 of the test split) as JSON and as binary tensor data (16 bytes after the JSON).
mkdir -p "$BODIES"
/usr/bin/python3 - "$BODIES" <<'PY'
import json, struct, sys
out = sys.argv[1]
values = [40.3, 18, 195, 3250]
with open(f"{out}/json.json", "w") as f:
    json.dump({"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": values}]}, f,
              separators=(",", ":"))
header = json.dumps({"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32",
                                 "parameters": {"binary_data_size": 16}}],
                     "parameters": {"binary_data_output": True}}, separators=(",", ":")).encode()
with open(f"{out}/binary.bin", "wb") as f:
    f.write(header + struct.pack("<4f", *values))
with open(f"{out}/binary.length", "w") as f:
    f.write(str(len(header)))
PY
HEADER_LENGTH=$(cat "$BODIES/binary.length")

start_service target/bench-service.log
java -cp "target/bench-classes:$CLASSPATH_SERVICE" PlainVertxServer "$PLAIN_PORT" > target/bench-plain.log 2>&1 &
ALSO_STOP=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PLAIN_PORT/" >/dev/null && break; sleep 0.5; done
# The gRPC body h2load sends, checked once with grpc-java; the length of a right answer, for checking h2load's.
GRPC_ANSWER_LENGTH=$(grpc_body "$CLASSPATH_SERVICE" "$PORT" "$BODIES/grpc.bin" penguins-mlp measurements 1,4 40.3,18,195,3250)

# Every kind of request must be right before anything is timed.
curl -sf -H 'Content-Type: application/json' --data-binary @"$BODIES/json.json" "$INFER" | grep -q '"logits"' \
  || { echo "V2 JSON infer did not answer with logits" >&2; exit 1; }
curl -sf -D - -o /dev/null -H 'Content-Type: application/octet-stream' -H "Inference-Header-Content-Length: $HEADER_LENGTH" \
  --data-binary @"$BODIES/binary.bin" "$INFER" | grep -qi '^inference-header-content-length' \
  || { echo "V2 binary infer did not answer with binary tensor data" >&2; exit 1; }

to_ms() { # wrk prints 812.00us, 1.20ms or 2.01s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'
}

measure() { # kind concurrency seconds -> "req/s p50 p99"
  local kind=$1 c=$2 s=$3 threads out non200
  threads=$(( c < 2 ? 1 : 2 ))
  case $kind in
    grpc) grpc_measure "$s" "$c" "$threads" "$BODIES/grpc.bin" "$GRPC_ANSWER_LENGTH" "$URL"; return ;;
    plain) out=$(wrk -t"$threads" -c"$c" -d"${s}s" --latency "http://127.0.0.1:$PLAIN_PORT/v2/health/live") ;;
    live) out=$(wrk -t"$threads" -c"$c" -d"${s}s" --latency "$URL/v2/health/live") ;;
    json) out=$(BODY="$BODIES/json.json" wrk -t"$threads" -c"$c" -d"${s}s" --latency -s bench/post_file.lua "$INFER") ;;
    binary) out=$(BODY="$BODIES/binary.bin" CONTENT_TYPE=application/octet-stream HEADER_LENGTH="$HEADER_LENGTH" \
      wrk -t"$threads" -c"$c" -d"${s}s" --latency -s bench/post_file.lua "$INFER") ;;
  esac
  non200=$(awk '/^non-200:/ {print $2}' <<<"$out")
  [ -z "$non200" ] || [ "$non200" = "0" ] || { echo "$out" >&2; echo "wrk saw $non200 answers other than 200 ($kind, c=$c)" >&2; exit 1; }
  grep -q '^Non-2xx' <<<"$out" && { echo "$out" >&2; echo "non-2xx answers ($kind, c=$c)" >&2; exit 1; }
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") $(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")") $(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
}

# Warm the JIT of both servers and of each path before measuring: on 2 cores C2 needs tens of seconds, and a
# shorter warm-up measured the compiler, not the server.
for kind in "${KINDS[@]}"; do measure "$kind" 8 "${BENCH_WARMUP:-15}" >/dev/null; done

declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
  for c in "${CONCURRENCIES[@]}"; do
    for kind in "${KINDS[@]}"; do
      RESULTS[$kind,$c]+="$(measure "$kind" "$c" "$SECONDS_PER_STEP");"
    done
  done
  echo "round $round of $ROUNDS done" >&2
done
kill $SERVICE $ALSO_STOP; wait $SERVICE $ALSO_STOP 2>/dev/null || true

declare -A RAW
while read -r _ c rps p50 p99; do
  RAW[$c]="$rps $p50 $p99"
done < <(java -cp "$ORT_JAR" bench/RawOrtBench.java models/penguins-mlp/model.onnx "$SECONDS_PER_STEP" "$(IFS=,; echo "${CONCURRENCIES[*]}")" \
  measurements 1,4 40.3,18,195,3250)

median() { # "r p50 p99;r p50 p99;..." -> the row of the median req/s
  tr ';' '\n' <<<"$1" | grep . | sort -n -k1,1 | awk '{ rows[NR] = $0 } END { print rows[int((NR + 1) / 2)] }'
}

echo "Medians of $ROUNDS alternated rounds, $SECONDS_PER_STEP s per step; req/s (p50 ms / p99 ms)."
echo
echo "| concurrency | plain Vert.x | GET /v2/health/live | V2 JSON infer | V2 binary infer | V2 gRPC infer | raw ORT calls/s | live / plain | JSON / live | binary / live | gRPC / live | JSON / raw ORT |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for c in "${CONCURRENCIES[@]}"; do
  declare -A M=()
  for kind in "${KINDS[@]}"; do M[$kind]=$(median "${RESULTS[$kind,$c]}"); done
  cell() { awk '{ printf "%.0f (%.2f / %.2f)", $1, $2, $3 }' <<<"$1"; }
  rps() { awk '{ print $1 }' <<<"$1"; }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
  echo "| $c | $(cell "${M[plain]}") | $(cell "${M[live]}") | $(cell "${M[json]}") | $(cell "${M[binary]}") | $(cell "${M[grpc]}") | $(cell "${RAW[$c]}") | $(ratio "$(rps "${M[live]}")" "$(rps "${M[plain]}")") | $(ratio "$(rps "${M[json]}")" "$(rps "${M[live]}")") | $(ratio "$(rps "${M[binary]}")" "$(rps "${M[live]}")") | $(ratio "$(rps "${M[grpc]}")" "$(rps "${M[live]}")") | $(ratio "$(rps "${M[json]}")" "$(rps "${RAW[$c]}")") |"
done
