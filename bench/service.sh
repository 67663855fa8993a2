# Sourced by the benches (from the repository root): build the packaged service when it is missing, start
# it on $PORT and wait until it is ready, and stop it (and $ALSO_STOP) when the bench exits.

build_service() {
  [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
}

start_service() { # log-file [NAME=VALUE ...]: the service's own environment on top of the bench's
  local log="$1"
  shift
  build_service
  env QUARKUS_HTTP_PORT="$PORT" "$@" java -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
  SERVICE=$!
  trap 'kill $SERVICE ${ALSO_STOP:-} 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/v2/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "the service did not become ready; see $log" >&2
  exit 1
}
