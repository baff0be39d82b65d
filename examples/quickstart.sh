#!/usr/bin/env sh
# A two-minute tour of the log on the embedded default (SQLite in ./data):
# append events, list them, verify the chain, then show that tampering is caught.
set -eu
cd "$(dirname "$0")/.."
mkdir -p data
db=data/events.db
./rynxs append --db "$db" --type AgentObserved --aggregate agent/default/alpha \
  --payload '{"namespace":"default","name":"alpha","spec":{"role":"worker","team":"core"}}' --json
./rynxs append --db "$db" --type audit.ToolInvoked --aggregate session/demo \
  --payload '{"tool":"kubectl","args":["get","pods"]}' --meta '{"actor":"demo"}' --json
printf '%s\n' \
  '{"type":"SessionObserved","aggregate":"session/demo","payload":{"name":"demo","spec":{"goal":"tour"}}}' \
  '{"type":"audit.ToolInvoked","aggregate":"session/demo","payload":{"tool":"curl"},"meta":{"actor":"démo"}}' \
  > data/quickstart.ndjson
./rynxs append --db "$db" --from-ndjson data/quickstart.ndjson --json
echo "--- the last three events, as NDJSON lines (canonical JSON with its hash):"
head=$(./rynxs verify --db "$db" --json | sed -n 's/.*"headSeq":\([0-9]*\).*/\1/p')
./rynxs events --db "$db" --after-seq $((head - 3))
echo "--- verify the whole chain:"
./rynxs verify --db "$db" --json
