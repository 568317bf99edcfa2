#!/usr/bin/env bash
# Benchmark: the local runner's cold start (process start to the API answering, Azurite included,
# on a fresh data folder) and the idle memory of the runner plus Azurite. Loopback only; bounded.
# Usage: scripts/bench/startup.sh [runs]   → prints one JSON object.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
dotnet build functions/LibraryTraining.Local -c Release -v q -nologo >/dev/null
dll=functions/LibraryTraining.Local/bin/Release/net10.0/LibraryTraining.Local.dll
key=bench-organiser-key
starts=()
rss_runner=0; rss_azurite=0
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d /tmp/lt-bench-XXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  t0=$(date +%s%3N)
  LIBRARYTRAINING_ORGANISER_KEY=$key Logging__LogLevel__Default=Warning dotnet "$dll" --port "$port" --data "$data" >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -H "x-functions-key: $key" "http://127.0.0.1:$port/api/programmes"; do
    sleep 0.05
    if ! kill -0 $pid 2>/dev/null; then echo "runner exited" >&2; exit 1; fi
    if (( $(date +%s%3N) - t0 > 120000 )); then echo "runner did not start in 120 s" >&2; kill $pid; exit 1; fi
  done
  starts+=("$(( $(date +%s%3N) - t0 ))")
  if [ "$i" -eq "$runs" ]; then
    sleep 15   # idle: timers, lease renewals and queue polling only
    rss_runner=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    node_pid=$(pgrep -f "^node .*azurite.js.*$data" | head -1)
    rss_azurite=$(awk '/VmRSS/ {print $2}' /proc/$node_pid/status)
  fi
  kill -TERM $pid; wait $pid 2>/dev/null || true
  sleep 1
  if pgrep -f "azurite.js.*$data" >/dev/null; then echo "Azurite outlived the runner" >&2; exit 1; fi
  rm -rf "$data"
done
python3 - "$rss_runner" "$rss_azurite" "${starts[@]}" <<'PY'
import json, sys, statistics
runner, azurite, *starts = sys.argv[1:]
starts = [int(s) / 1000 for s in starts]
print(json.dumps({
    "coldStartSeconds": {"runs": [round(s, 2) for s in starts], "median": round(statistics.median(starts), 2)},
    "idleMemoryMiB": {"runner": round(int(runner) / 1024, 1), "azurite": round(int(azurite) / 1024, 1),
                      "total": round((int(runner) + int(azurite)) / 1024, 1)},
}))
PY
