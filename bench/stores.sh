#!/usr/bin/env bash
# Examples per second of one benchmark run (test set cifar10-test, 10,000 images, system cifar10-cnn) through the
# `benchmark` CLI with each store: files (a fresh results folder) and postgresql (a throwaway PostgreSQL cluster
# started here, as ./test starts one, and removed at exit), then the ratio postgresql/files. ROUNDS alternated
# rounds, the median of each; every run starts from an empty store.
# Usage, from the repository root: bench/stores.sh [examples, default 10000] [rounds, default 3]
#   With fewer than 10,000 examples (at most 1,000) it runs the first ones of cifar10-test-1000 instead, through
#   a copy of tasks/ with a test set of that size: a quick check that the bench works, not a measurement.
# Needs: Java 17, python3, Debian's postgresql package, the CIFAR-10 archive under MODELGATE_DATA_DIR (default data).
# Prints a Markdown table for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES="${1:-10000}"
ROUNDS="${2:-3}"
WORK=target/bench-stores
export MODELGATE_DATA_DIR="${MODELGATE_DATA_DIR:-data}"
rm -rf "$WORK"
mkdir -p "$WORK"

source bench/service.sh
build_service

# The test set: the whole test split, or a subset of it in a copy of tasks/.
TASKS_DIR=tasks
TEST_SET=cifar10-test
if [ "$EXAMPLES" -ne 10000 ]; then
  [ "$EXAMPLES" -ge 1 ] && [ "$EXAMPLES" -le 1000 ] || { echo "examples: 10000, or 1 to 1000 for a check" >&2; exit 2; }
  TASKS_DIR="$WORK/tasks"
  TEST_SET="cifar10-test-$EXAMPLES"
  cp -r tasks "$TASKS_DIR"
  head -n "$EXAMPLES" tasks/cifar10/cifar10-test-1000.txt > "$TASKS_DIR/cifar10/$TEST_SET.txt"
  sha=$(sha256sum "$TASKS_DIR/cifar10/$TEST_SET.txt" | cut -d' ' -f1)
  sed -i "/^test-sets:/a\\
  - {name: $TEST_SET, description: the first $EXAMPLES of cifar10-test-1000 (bench/stores.sh), source: cifar10/cifar10-test-jpeg.tar.gz, format: image-archive, file: $TEST_SET.txt, sha256: $sha}" \
    "$TASKS_DIR/cifar10/task.yaml"
fi

# A PostgreSQL cluster of our own, as ./test starts one: a temporary folder, a free local port, a password of its own.
pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")
[ -x "$pg_bin/initdb" ] || { echo "bench/stores.sh needs PostgreSQL: apt-get install postgresql" >&2; exit 2; }
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/modelgate-bench-pg.XXXXXX")
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  chown postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
pg_stop() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap pg_stop EXIT
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
(umask 077; printf '%s\n' "$pg_password" >"$pg_dir/password")
[ "$(id -u)" -ne 0 ] || chown postgres "$pg_dir/password"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U modelgate --pwfile="$pg_dir/password" --auth=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; exit 2; }
# Durable, unlike ./test's cluster (fsync=off there): the store is measured as it would run.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null || { cat "$pg_dir/server.log" >&2; exit 2; }
psql_db() { PGOPTIONS="-c client_min_messages=warning" PGPASSWORD="$pg_password" "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U modelgate -qX "$@"; }

# One run with one store, from an empty store; prints its examples per second (the CLI's own figure).
run_once() { # store round
  local store="$1" round="$2" log="$WORK/$1-$2.log"
  local env=(MODELGATE_TASKS_DIR="$TASKS_DIR" MODELGATE_RESULTS_DIR="$WORK/results-$store-$round"
             MODELGATE_SPECTRA_LIBRARIES_DIR="$WORK/libraries-$store-$round" MODELGATE_STORE="$store")
  if [ "$store" = postgresql ]; then
    psql_db -d postgres -c "drop database if exists bench" -c "create database bench"
    env+=(QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/bench" QUARKUS_DATASOURCE_USERNAME=modelgate
          QUARKUS_DATASOURCE_PASSWORD="$pg_password")
  fi
  env "${env[@]}" java -jar target/quarkus-app/quarkus-run.jar benchmark --task cifar10 --systems cifar10-cnn \
    --test-set "$TEST_SET" --comment "bench/stores.sh $store" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  local rate
  rate=$(grep -oE '[0-9]+(\.[0-9]+)? examples/s' "$log" | head -1 | cut -d' ' -f1)
  [ -n "$rate" ] || { echo "no examples/s in $log" >&2; cat "$log" >&2; exit 1; }
  if [ "$store" = postgresql ]; then
    local answers
    answers=$(psql_db -d bench -tAc "select count(*) from run_answers")
    [ "$answers" -eq "$EXAMPLES" ] || { echo "postgresql holds $answers answers, expected $EXAMPLES" >&2; exit 1; }
  fi
  echo "$rate"
}

declare -A rates=([files]="" [postgresql]="")
for round in $(seq 1 "$ROUNDS"); do
  for store in files postgresql; do
    rate=$(run_once "$store" "$round")
    echo "round $round, $store: $rate examples/s" >&2
    rates[$store]+="$rate "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
files=$(echo "${rates[files]}" | median)
postgresql=$(echo "${rates[postgresql]}" | median)
echo
echo "| store | examples/s (median of $ROUNDS, n = $EXAMPLES examples per run) | every round |"
echo "|---|---|---|"
echo "| files | $files | ${rates[files]}|"
echo "| postgresql | $postgresql | ${rates[postgresql]}|"
awk -v p="$postgresql" -v f="$files" 'BEGIN {printf "\npostgresql/files: %.2f (the issue asks for at least 0.8)\n", p / f}'
