#!/usr/bin/env bash
# The LLM gateway's cost: POST /v1/chat/completions through modelgate (retries, limits, metrics, the
# quarkus-langchain4j client) against the same requests sent straight to an OpenAI-compatible stand-in
# that answers at once (bench/openai_stand_in.py), measured in the same run with wrk.
# Usage, from the repository root: bench/llm.sh [seconds per step, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_STEP="${1:-10}"
PORT=18080
LLM_PORT=18181
command -v wrk >/dev/null || { echo "bench/llm.sh needs wrk: apt-get install wrk" >&2; exit 2; }
source bench/service.sh

/usr/bin/python3 bench/openai_stand_in.py "$LLM_PORT" &
ALSO_STOP=$!
start_service target/bench-llm-service.log MODELGATE_LLM_BASE_URL="http://127.0.0.1:$LLM_PORT/v1" \
  MODELGATE_LLM_MODEL=stand-in MODELGATE_LLM_MAX_CONCURRENCY=64

run() { # url model concurrency -> "req/s p50ms p99ms"
  local out
  out=$(MODEL="$2" wrk -t1 -c"$3" -d"${SECONDS_PER_STEP}s" --latency -s bench/chat.lua "$1")
  [ "$(awk '/^non-200:/ {print $2}' <<<"$out")" = "0" ] || { echo "$out" >&2; exit 1; }
  awk '/^Requests\/sec:/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {print rps, p50, p99}' <<<"$out"
}
run "http://127.0.0.1:$PORT/v1/chat/completions" default 4 >/dev/null   # warm-up

echo "| concurrency | through modelgate req/s | p50 | p99 | straight to the stand-in req/s | p50 | p99 | modelgate / direct throughput |"
echo "|---|---|---|---|---|---|---|---|"
for c in 1 8; do
  read -r g_rps g_p50 g_p99 < <(run "http://127.0.0.1:$PORT/v1/chat/completions" default "$c")
  read -r d_rps d_p50 d_p99 < <(run "http://127.0.0.1:$LLM_PORT/v1/chat/completions" stand-in "$c")
  echo "| $c | $g_rps | $g_p50 | $g_p99 | $d_rps | $d_p50 | $d_p99 | $(awk -v a="$g_rps" -v b="$d_rps" 'BEGIN {printf "%.3f", a / b}') |"
done
