#!/usr/bin/env bash
# Benchmark: the answer burst (1,000 accepts for 22 places from 200 clients, after an untimed warm-up)
# through the published app under the REAL Functions host (../shared/tools/functions-host), as N
# instances on one Azurite and one task hub, the clients spread over them as Azure's front end would.
# Loopback only; bounded (the benchmark's own limits); every process it starts is stopped on exit.
# Usage: scripts/bench/realhost.sh [instances=2] [runs=3]   → the benchmark's lines, then one JSON line.
set -euo pipefail
cd "$(dirname "$0")/../.."
instances=${1:-2}
runs=${2:-3}
host=../shared/tools/functions-host/run
[ -x "$host" ] || { echo "realhost.sh: $host not found (the shared build of the Functions host)" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

work=$(mktemp -d /tmp/lt-realhost-XXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 2
  for pid in "${pids[@]}"; do pkill -KILL -P "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet publish functions/LibraryTraining.Functions -c Release -o "$work/app" -nologo -v q >/dev/null
dotnet build tests/LibraryTraining.Benchmarks -c Release -nologo -v q >/dev/null
bash tools/azurite/install.sh >/dev/null 2>&1 || true

blob=$(free_port); queue=$(free_port); table=$(free_port)
node tools/azurite/node_modules/azurite/dist/src/azurite.js --silent --location "$work/azurite" \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "$blob" --queuePort "$queue" --tablePort "$table" --disableTelemetry --skipApiVersionCheck --loose >/dev/null 2>&1 &
pids+=($!)
account='AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;$account;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
export LIBRARYTRAINING_TASK_HUB="bench$(date +%s)"
export LIBRARYTRAINING_LINK_SECRET
LIBRARYTRAINING_LINK_SECRET=$(head -c 32 /dev/urandom | base64)
export LIBRARYTRAINING_MAIL_MODE=outbox LIBRARYTRAINING_STATUS_SCHEDULE='0 0 0 1 1 *' LIBRARYTRAINING_OWED_WORK_SCHEDULE='*/15 * * * * *'
export Logging__LogLevel__Default=Warning AzureFunctionsJobHost__logging__logLevel__default=Warning
export FUNCTIONS_HOST_KEY=bench-organiser-key

urls=()
for i in $(seq 1 "$instances"); do
  port=$(free_port)
  LIBRARYTRAINING_PUBLIC_BASE_URL="http://127.0.0.1:$port" FUNCTIONS_SECRETS_PATH="$work/secrets-$i" \
    bash -c "mkdir -p '$work/secrets-$i' && exec '$host' '$work/app' '$port'" >"$work/host-$i.log" 2>&1 &
  pids+=($!)
  urls+=(--url "http://127.0.0.1:$port/")
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null -H "x-functions-key: $FUNCTIONS_HOST_KEY" "http://127.0.0.1:$port/api/programmes" && break
    sleep 0.5
  done
  curl -sf -o /dev/null -H "x-functions-key: $FUNCTIONS_HOST_KEY" "http://127.0.0.1:$port/api/programmes" \
    || { echo "instance $i did not start; its log:" >&2; tail -30 "$work/host-$i.log" >&2; exit 1; }
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $instances real-host instances on one Azurite"
dotnet run -c Release --no-build --project tests/LibraryTraining.Benchmarks -- "${urls[@]}" --key "$FUNCTIONS_HOST_KEY" --runs "$runs" --burst-only
