#!/usr/bin/env bash
# A trained model against every prompt of its task in one command (issue #12's sweep), with the stand-in LLM
# (bench/openai_stand_in.py: random answers, a chance floor, not an LLM) so that the runner, the statistics and
# the verdict are what is shown. The ledger goes to a scratch folder; the table is printed.
# Usage, from the repository root: bench/sweep.sh [task, default penguins] [model, default <task>-mlp]
set -euo pipefail
cd "$(dirname "$0")/.."
TASK="${1:-penguins}"
MODEL="${2:-$TASK-mlp}"
LLM_PORT=18182
source bench/service.sh
build_service
ANSWERS=$(/usr/bin/python3 -c "import yaml,sys; print(','.join(yaml.safe_load(open('tasks/$TASK/task.yaml'))['labels']))")
/usr/bin/python3 bench/openai_stand_in.py "$LLM_PORT" "$ANSWERS" &
STAND_IN=$!
trap 'kill $STAND_IN 2>/dev/null || true' EXIT
RESULTS=$(mktemp -d)
set +e
MODELGATE_DATA_DIR="${MODELGATE_DATA_DIR:-../shared/data}" MODELGATE_RESULTS_DIR="$RESULTS" \
  MODELGATE_LLM_BASE_URL="http://127.0.0.1:$LLM_PORT/v1" MODELGATE_LLM_MODEL=stand-in \
  java -jar target/quarkus-app/quarkus-run.jar benchmark --task "$TASK" --systems "$MODEL,$TASK-*@default" \
  --comment "stand-in LLM: random answers (bench/openai_stand_in.py), not an LLM"
code=$?
set -e
echo "benchmark exited $code; ledger in $RESULTS"
