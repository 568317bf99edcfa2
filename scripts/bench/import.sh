#!/usr/bin/env bash
# Benchmark: a roster import at the largest size a programme takes (20,000 participants in all), through
# the local runner on a fresh data folder: how long until the 202 (the part inside the HTTP request), and
# until every new participant is invited (the durable part). Loopback only; bounded (10 minutes).
# Usage: scripts/bench/import.sh [rows=19998]   → prints one JSON object.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-19998}
dotnet build functions/LibraryTraining.Local -c Release -v q -nologo >/dev/null
dll=functions/LibraryTraining.Local/bin/Release/net10.0/LibraryTraining.Local.dll
key=bench-organiser-key
data=$(mktemp -d /tmp/lt-import-XXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LIBRARYTRAINING_ORGANISER_KEY=$key Logging__LogLevel__Default=Warning dotnet "$dll" --port "$port" --data "$data" >"$data/runner.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
api="http://127.0.0.1:$port/api"
for _ in $(seq 1 240); do curl -sf -o /dev/null -H "x-functions-key: $key" "$api/programmes" && break; sleep 0.5; done
# The example programme, moved to start in 60 days, with two participants of its own.
python3 - "$data/programme.json" <<'PY'
import json, sys, datetime
p = json.load(open("docs/examples/create-programme.json"))
first = datetime.date.fromisoformat(p["days"][0]["date"])
shift = (datetime.date.today() + datetime.timedelta(days=60) - first).days
for d in p["days"]:
    d["date"] = (datetime.date.fromisoformat(d["date"]) + datetime.timedelta(days=shift)).isoformat()
p["enrolmentDeadline"] = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).isoformat(timespec="seconds")
p["participants"] = p["participants"][:2]
p.pop("quotas", None)
p["capacity"] = None
json.dump(p, open(sys.argv[1], "w"), ensure_ascii=False)
PY
id=$(curl -sf -X POST "$api/programmes" -H "x-functions-key: $key" -H 'content-type: application/json' --data @"$data/programme.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
python3 - "$rows" "$data/roster.csv" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", encoding="utf-8") as f:
    f.write("name,email,role,site,language\n")
    for i in range(rows):
        f.write(f"ผู้เข้าร่วม {i},bulk{i:05d}@example.org,staff,ห้องสมุด {i % 40},th\n")
PY
t0=$(date +%s%3N)
location=$(curl -s -o "$data/answer.json" -w '%{http_code} %header{location}' -X POST "$api/programmes/$id/participants/import" \
  -H "x-functions-key: $key" -H 'content-type: text/csv' --data-binary @"$data/roster.csv")
t202=$(( $(date +%s%3N) - t0 ))
[ "${location%% *}" = 202 ] || { echo "import answered ${location%% *}: $(cat "$data/answer.json")" >&2; exit 1; }
href=${location#* }
state=running
while [ "$state" = running ] && (( $(date +%s%3N) - t0 < 600000 )); do
  sleep 1
  state=$(curl -sf -H "x-functions-key: $key" "http://127.0.0.1:$port$href" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["state"] if d["state"] != "completed" else "completed:%d" % d["invited"])')
done
tall=$(( $(date +%s%3N) - t0 ))
echo "{\"rows\": $rows, \"secondsTo202\": $(python3 -c "print(round($t202/1000,2))"), \"secondsUntilAllInvited\": $(python3 -c "print(round($tall/1000,1))"), \"state\": \"$state\", \"cores\": $(nproc)}"
