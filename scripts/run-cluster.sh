#!/usr/bin/env bash
# The compose topology (compose.yaml) without containers, on loopback: a throwaway PostgreSQL, one api, N workers, one
# shared data folder. Everything it starts is stopped (and the database deleted) when it exits or is interrupted.
#   scripts/run-cluster.sh [--workers N] [--port P] [--processor pipeline|fake] [--data DIR] [--threads T]
#                          [--smoke N | --upload PATH [--repeat N] [--kill-after S]]
#   --processor:  pipeline (default: the real analysis with models/screener-v2) or fake (a stand-in that takes ~1 s and
#                 reads nothing: measures the queue/claim/lease machinery only); --smoke defaults to fake
#   no --smoke/--upload: runs until Ctrl+C (viewer and API on http://127.0.0.1:P, no auth: loopback only)
#   --smoke N:    uploads N synthetic one-file studies, waits, prints timing, exits
#   --upload PATH: uploads a real study (a folder of DICOM files, a zip or a NIfTI) N times, waits, prints timing and
#                  each worker's peak memory, exits
#   --kill-after S: (with --upload, --repeat 1, 2+ workers) S seconds into the analysis, SIGKILLs the worker running it
#                  and prints how long after the kill another worker finished the study (lease lapse + sweep + re-run)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
workers=2; port=$((20000 + RANDOM % 20000)); processor=""; data=""; threads=0; smoke=0; upload=""; repeat=1; kill_after=""
while (($#)); do
  case "$1" in
    --workers) workers=$2; shift 2 ;; --port) port=$2; shift 2 ;; --processor) processor=$2; shift 2 ;;
    --data) data=$2; shift 2 ;; --threads) threads=$2; shift 2 ;; --smoke) smoke=$2; shift 2 ;;
    --upload) upload=$2; shift 2 ;; --repeat) repeat=$2; shift 2 ;; --kill-after) kill_after=$2; shift 2 ;;
    *) echo "run-cluster: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$processor" ]]; then ((smoke > 0)) && processor=fake || processor=pipeline; fi
echo "run-cluster: processor $processor"
SCREENER=${SCREENER:-$ROOT/artifacts/cli/screener}
[[ -x "$SCREENER" ]] || "$ROOT/scripts/setup.sh" >&2
run_dir=$(mktemp -d /tmp/chestscreener-cluster-XXXXXX)
chmod 755 "$run_dir"
data=${data:-$run_dir/data}
mkdir -p "$data"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  "$ROOT/scripts/pg-local.sh" stop "$run_dir/pg" || true
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db=$("$ROOT/scripts/pg-local.sh" start "$run_dir/pg")
export Screener__Database="$db" Screener__Store=postgres   # from the environment, as in compose.yaml
common=(--data "$data" --processor "$processor" --threads "$threads")
"$SCREENER" serve --role api --urls "http://127.0.0.1:$port" --no-auth "${common[@]}" >"$run_dir/api.log" 2>&1 &
pids+=($!)
for i in $(seq 1 "$workers"); do
  "$SCREENER" serve --role worker "${common[@]}" >"$run_dir/worker-$i.log" 2>&1 &
  pids+=($!)
done
api="http://127.0.0.1:$port"
for _ in $(seq 1 240); do curl -fsS "$api/api/v1/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$api/api/v1/health" >/dev/null || { echo "run-cluster: the api did not start"; cat "$run_dir/api.log"; exit 1; }
echo "run-cluster: PostgreSQL $db, api $api (pid ${pids[0]}), $workers worker(s) (pids ${pids[*]:1}), data $data"

if ((smoke == 0)) && [[ -z "$upload" ]]; then
  echo "run-cluster: logs in $run_dir; Ctrl+C stops everything"
  wait
  exit 0
fi

# Non-interactive: upload, wait for every study to finish, report.
start=$(date +%s.%N)
n=0
if ((smoke > 0)); then
  f="$run_dir/smoke.dcm"; { head -c 128 /dev/zero; printf 'DICM'; head -c 468 /dev/zero; } >"$f"
  for i in $(seq 1 "$smoke"); do curl -fsS -F "files=@$f;filename=smoke$i.dcm" "$api/api/v1/studies" >/dev/null; n=$((n + 1)); done
else
  args=()
  if [[ -d "$upload" ]]; then while IFS= read -r -d '' f; do args+=(-F "files=@$f"); done < <(find "$upload" -type f -print0)
  else args=(-F "files=@$upload"); fi
  for i in $(seq 1 "$repeat"); do curl -fsS "${args[@]}" "$api/api/v1/studies" >/dev/null; n=$((n + 1)); done
fi
uploaded=$(date +%s.%N)
if [[ -n "$kill_after" ]]; then
  # Wait until the study is being analysed, let it run S seconds, then SIGKILL the worker that uses the most CPU (the one
  # analysing: the others idle) and time how long until another worker has finished the study.
  until curl -fsS "$api/api/v1/health" | grep -q '"processing":1'; do sleep 0.2; done
  sleep "$kill_after"
  victim=0; most=-1
  for i in $(seq 1 "$workers"); do
    t=$(awk '{print $14 + $15}' "/proc/${pids[$i]}/stat"); ((t > most)) && { most=$t; victim=$i; }
  done
  kill -9 "${pids[$victim]}"; killed=$(date +%s.%N)
  echo "run-cluster: killed worker $victim (pid ${pids[$victim]}) ${kill_after} s into its analysis"
  until curl -fsS "$api/api/v1/studies" | grep -q '"status":"done"\|"status":"rejected"\|"status":"failed"'; do sleep 0.5; done
  awk -v k="$killed" -v e="$(date +%s.%N)" 'BEGIN { printf "run-cluster: study finished by another worker %.1f s after the kill\n", e - k }'
fi
while :; do
  left=$(curl -fsS "$api/api/v1/health" | sed -E 's/.*"queued":([0-9]+).*"processing":([0-9]+).*/\1 \2/' | awk '{print $1 + $2}')
  ((left == 0)) && break
  sleep 0.5
done
end=$(date +%s.%N)
awk -v n="$n" -v w="$workers" -v s="$start" -v u="$uploaded" -v e="$end" 'BEGIN {
  printf "run-cluster: %d studies on %d worker(s): upload %.1f s, all finished after %.1f s (%.0f studies/hour)\n", n, w, u - s, e - s, n * 3600 / (e - s) }'
curl -fsS "$api/api/v1/studies" | grep -o '"status":"[a-z]*"' | sort | uniq -c
for i in $(seq 1 "$workers"); do
  pid=${pids[$i]}
  kill -0 "$pid" 2>/dev/null || { echo "run-cluster: worker $i was killed"; continue; }
  echo "run-cluster: worker $i peak RSS $(awk '/VmHWM/ {print int($2/1024) " MB"}' "/proc/$pid/status" 2>/dev/null || echo '?')," \
       "studies finished $(grep -c 'finished:' "$run_dir/worker-$i.log" || true)"
done
