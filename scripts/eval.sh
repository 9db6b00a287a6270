#!/usr/bin/env bash
# Scores this service with ../shared/eval exactly as the acceptance check does: a fresh database, the
# real `npm start`, one analyst and one officer token, then score.mjs. Prints the score's output;
# its last line is the summary. Usage: scripts/eval.sh [CASES_DIR RENDERED_DIR] (default: the samples).
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL_SRC=${EVAL_SRC:-../shared/eval}
CASES=${1:-$EVAL_SRC/samples/cases}
RENDERED=${2:-$EVAL_SRC/samples/rendered}
PORT=${EVAL_PORT:-3077}
DB=rfi_eval
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

# shared/ is read-only: the scorer's few dependencies are installed in a copy.
cp -r "$EVAL_SRC" "$WORK/eval"
(cd "$WORK/eval" && npm ci --no-audit --no-fund --silent >/dev/null 2>&1)

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB STORAGE_DIR=$WORK/files PORT QUEUE_PREFIX=eval LOG_LEVEL=warn
redis-cli --scan --pattern 'eval:*' | xargs -r redis-cli del >/dev/null
# The service itself, not an npm wrapper, so the trap above stops it (and with it, its worker).
node --import tsx src/start.ts >"$WORK/service.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.5; done
ANALYST=$(npm run -s cli -- token create --role analyst --name eval-analyst | tail -n 1)
OFFICER=$(npm run -s cli -- token create --role confidentiality_officer --name eval-officer | tail -n 1)
node "$WORK/eval/score.mjs" --base "http://127.0.0.1:$PORT" --cases "$CASES" --rendered "$RENDERED" \
  --analyst-token "$ANALYST" --officer-token "$OFFICER" --timeout "${EVAL_TIMEOUT:-120}" ${EVAL_JSON:+--json "$EVAL_JSON"}
if grep -qi '"level":50\|error' "$WORK/service.log"; then echo "--- service log errors:"; grep -i '"level":50\|error' "$WORK/service.log" | head -20; fi
