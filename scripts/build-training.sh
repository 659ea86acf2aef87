#!/usr/bin/env bash
# Builds the training tool (screener-train, TorchSharp) into artifacts/training and patches TorchSharp's native
# library for Debian 12's libstdc++ (scripts/patch-glibcxx.py). Quiet and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/artifacts/training"
LOG="$ROOT/artifacts/build-training.log"
mkdir -p "$ROOT/artifacts"
stamp="$OUT/.built"
if [[ ! -f "$stamp" ]] || [[ -n "$(find src/ChestScreener.Training src/ChestScreener.Model src/ChestScreener.Imaging src/ChestScreener.Core Directory.Build.props Directory.Packages.props -newer "$stamp" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print -quit)" ]]; then
  echo "build-training: building screener-train"
  if ! dotnet publish src/ChestScreener.Training -c Release -o "$OUT" --nologo -v q >"$LOG" 2>&1; then
    cat "$LOG"; echo "build-training: build failed"; exit 1
  fi
  touch "$stamp"
fi
for lib in "$OUT"/libLibTorchSharp.so "$OUT"/runtimes/linux-x64/native/libLibTorchSharp.so; do
  [[ -f "$lib" ]] && python3 "$ROOT/scripts/patch-glibcxx.py" "$lib" >/dev/null
done
exit 0
