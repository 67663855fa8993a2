# Sourced by bench/run.sh and bench/images.sh: V2 gRPC ModelInfer load from h2load (apt-get install nghttp2-client),
# a C load generator that costs the shared cores far less than a Java client would.
command -v h2load >/dev/null || { echo "the gRPC bench needs h2load: apt-get install nghttp2-client" >&2; exit 2; }

# grpc_body CLASSPATH PORT FILE MODEL INPUT SHAPE DATA: writes the request body to FILE (bench/GrpcRequestFile.java,
# compiled into target/bench-classes) and prints the length of a right answer's message.
grpc_body() {
  local classpath=$1 port=$2
  shift 2
  java -cp "target/bench-classes:$classpath" GrpcRequestFile 127.0.0.1 "$port" "$@" 2>/dev/null
}

# grpc_measure SECONDS CONNECTIONS THREADS BODY ANSWER_LENGTH URL -> "calls/s p50_ms p99_ms"; one call in flight per
# connection, as wrk does; latencies from h2load's per-request log.
grpc_measure() {
  local seconds=$1 connections=$2 threads=$3 body=$4 answer_length=$5 url=$6 out succeeded data log
  log=$(mktemp)
  out=$(h2load -D "$seconds" -c "$connections" -m 1 -t "$threads" -d "$body" -H 'content-type: application/grpc' \
    -H 'te: trailers' --log-file="$log" "$url/inference.GRPCInferenceService/ModelInfer")
  succeeded=$(awk '/^requests:/ {print $8}' <<<"$out")
  data=$(awk '/^traffic:/ { for (i = 1; i < NF; i++) if ($(i + 1) == "data") { gsub(/[()]/, "", $i); print $i } }' <<<"$out")
  # A failed call is answered with trailers only: every answer must have carried one message of the right size.
  if [ "$data" != "$(( succeeded * answer_length ))" ] || ! grep -q ' 0 failed, 0 errored, 0 timeout' <<<"$out"; then
    echo "$out" >&2; echo "not every gRPC call was answered with its outputs ($connections connections)" >&2; rm -f "$log"; exit 1
  fi
  echo "$(awk '/^finished in/ {print $4}' <<<"$out") $(awk '$2 == 200 {print $3}' "$log" | sort -n \
    | awk '{ v[NR] = $1 } END { printf "%.3f %.3f", v[int(NR * 0.5) + 1] / 1000, v[int(NR * 0.99) + 1] / 1000 }')"
  rm -f "$log"
}
