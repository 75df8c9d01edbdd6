#!/usr/bin/env bash
# The whole flow inside a network namespace that has only loopback: nothing can reach the
# internet, so a hidden download, telemetry call or model fetch would fail the run.
set -euo pipefail
PY="$1"; DOCS="$2"; PORT="$3"
ip link set lo up
"$PY" -m tests.nimsim --port "$PORT" --quiet &
SIM=$!
trap 'kill $SIM 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  "$PY" - "$PORT" <<'PYEOF' && break
import socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
except OSError:
    sys.exit(1)
PYEOF
  sleep 0.1
done
URL="http://127.0.0.1:$PORT/v1"
"$PY" -m desktop_app config set embedding.base_url "$URL" >/dev/null
"$PY" -m desktop_app config set chat.base_url "$URL" >/dev/null
"$PY" -m desktop_app folders add "$DOCS" >/dev/null
"$PY" -m desktop_app index --json > "$TROVE_HOME/index.json"
"$PY" -m desktop_app search "날씨" --json > "$TROVE_HOME/search.json"
