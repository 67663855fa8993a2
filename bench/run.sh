#!/usr/bin/env bash
# Throughput and latency of /v2/models/penguins-mlp/infer through the packaged service (wrk), next to
# raw in-process OrtSession.run on the same input (bench/RawOrtBench.java), measured in the same run.
# Usage, from the repository root: bench/run.sh [seconds per step, default 10]
# Needs: wrk (apt-get install wrk), Java 17. Prints a Markdown table for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_STEP="${1:-10}"
CONCURRENCIES=(1 8 32)
PORT="${BENCH_PORT:-18080}"
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "bench/run.sh needs wrk: apt-get install wrk" >&2; exit 2; }

source bench/service.sh
build_service
ORT_JAR=$(find target/quarkus-app/lib -name 'com.microsoft.onnxruntime.onnxruntime-*.jar' | head -1)

start_service target/bench-service.log

# Warm the JIT and the connection pool before measuring.
wrk -t2 -c8 -d5s -s bench/infer.lua "$URL/v2/models/penguins-mlp/infer" >/dev/null

to_ms() { # wrk prints 812.00us, 1.20ms or 2.01s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'
}

declare -A SERVICE_RPS SERVICE_P50 SERVICE_P99 FLOOR_RPS
for c in "${CONCURRENCIES[@]}"; do
  threads=$(( c < 2 ? 1 : 2 ))
  # The HTTP floor: the cheapest endpoint, no body, no model, at the same concurrency.
  FLOOR_RPS[$c]=$(wrk -t"$threads" -c"$c" -d"${SECONDS_PER_STEP}s" "$URL/v2/health/live" | awk '/^Requests\/sec:/ {print $2}')
  out=$(wrk -t"$threads" -c"$c" -d"${SECONDS_PER_STEP}s" --latency -s bench/infer.lua "$URL/v2/models/penguins-mlp/infer")
  non200=$(awk '/^non-200:/ {print $2}' <<<"$out")
  [ "$non200" = "0" ] || { echo "$out"; echo "wrk saw $non200 answers other than 200" >&2; exit 1; }
  SERVICE_RPS[$c]=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  SERVICE_P50[$c]=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  SERVICE_P99[$c]=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
done
kill $SERVICE; wait $SERVICE 2>/dev/null || true

declare -A RAW_RPS RAW_P50 RAW_P99
while read -r _ c rps p50 p99; do
  RAW_RPS[$c]=$rps; RAW_P50[$c]=$p50; RAW_P99[$c]=$p99
done < <(java -cp "$ORT_JAR" bench/RawOrtBench.java models/penguins-mlp/model.onnx "$SECONDS_PER_STEP" "$(IFS=,; echo "${CONCURRENCIES[*]}")" \
  measurements 1,4 40.3,18,195,3250)

echo "| concurrency | service req/s | service p50 ms | service p99 ms | raw ORT calls/s | raw p50 ms | raw p99 ms | service / raw throughput | GET /v2/health/live req/s |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in "${CONCURRENCIES[@]}"; do
  ratio=$(awk -v s="${SERVICE_RPS[$c]}" -v r="${RAW_RPS[$c]}" 'BEGIN { printf "%.3f", s / r }')
  printf "| %s | %.0f | %.3f | %.3f | %.0f | %.3f | %.3f | %s | %.0f |\n" "$c" "${SERVICE_RPS[$c]}" "${SERVICE_P50[$c]}" \
    "${SERVICE_P99[$c]}" "${RAW_RPS[$c]}" "${RAW_P50[$c]}" "${RAW_P99[$c]}" "$ratio" "${FLOOR_RPS[$c]}"
done
