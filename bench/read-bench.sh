#!/usr/bin/env bash
# Reading benchmark: ChestScreener's StudyReader vs dcm2niix on the same DICOM folder.
#   bench/read-bench.sh [INPUT] [RUNS] [THREADS]
# Each run is a fresh process measured with /usr/bin/time (wall, user+sys CPU, peak RSS); runs are interleaved so that
# background load hits both tools alike. Prints the median of each measure and the ratios to dcm2niix.
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=${1:-../shared/data/chest/lidc-idri-0314}
RUNS=${2:-5}
THREADS=${3:-2}
command -v dcm2niix >/dev/null || { echo "read-bench: dcm2niix is not installed (scripts/setup.sh --test)"; exit 1; }
dotnet build bench/ChestScreener.Bench -c Release -v q -nologo >/dev/null
BENCH=bench/ChestScreener.Bench/bin/Release/net10.0/ChestScreener.Bench.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
  echo "$label $(cat "$tmp/time")" >>"$tmp/all"
}

# One warm-up of each so that the files are in the page cache for everyone.
dcm2niix -z n -b n -o "$tmp" -f warm "$INPUT" >/dev/null 2>&1; rm -f "$tmp"/warm*
dotnet "$BENCH" read "$INPUT" "$THREADS" >/dev/null
for i in $(seq "$RUNS"); do
  mkdir -p "$tmp/d2n"; rm -f "$tmp"/d2n/*
  measure dcm2niix dcm2niix -z n -b n -o "$tmp/d2n" -f ref "$INPUT"
  measure read dotnet "$BENCH" read "$INPUT" "$THREADS"
  measure convert dotnet "$BENCH" convert "$INPUT" "$tmp/ours.nii" "$THREADS"
  rm -f "$tmp/ours.nii"
done

echo "input: $INPUT  runs: $RUNS  threads: $THREADS  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-26s %10s %10s %12s\n" tool "wall s" "cpu s" "peak RSS MB"
for label in dcm2niix read convert; do
  wall=$(awk -v l=$label '$1==l {print $2}' "$tmp/all" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(awk -v l=$label '$1==l {print $3+$4}' "$tmp/all" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss=$(awk -v l=$label '$1==l {print $5}' "$tmp/all" | sort -g | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1024}')
  echo "$label $wall $cpu $rss" >>"$tmp/summary"
  name=$label; [[ $label == read ]] && name="chestscreener read"; [[ $label == convert ]] && name="chestscreener read+write"
  printf "%-26s %10s %10s %12s\n" "$name" "$wall" "$cpu" "$rss"
done
awk 'NR==FNR && $1=="dcm2niix" {w=$2; c=$3} NR!=FNR && $1!="dcm2niix" {printf "ratio %s/dcm2niix: wall %.2f, cpu %.2f\n", $1, $2/w, $3/c}' "$tmp/summary" "$tmp/summary"
