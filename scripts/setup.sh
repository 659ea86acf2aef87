#!/usr/bin/env bash
# Installs what ChestScreener needs on a Debian 12 machine and builds it. Idempotent; quiet when nothing is missing.
#   scripts/setup.sh            runtime packages + build of the `screener` command
#   scripts/setup.sh --test     also the packages the tests use (dcm2niix, dcmtk, poppler, chromium, postgresql, orthanc + orthanc-dicomweb, dicom3tools)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LOG="$ROOT/artifacts/setup.log"
mkdir -p "$ROOT/artifacts"

want=(libgdcm-cil fonts-dejavu-core)
if [[ "${1:-}" == "--test" ]]; then
  want+=(dcm2niix dcmtk poppler-utils)
  want+=(chromium)  # headless browser for the viewer's end-to-end test (web/e2e/run.mjs)
  want+=(postgresql-15)  # server binaries for the scale-out tests (each test starts its own throwaway cluster on loopback)
  want+=(orthanc orthanc-dicomweb dicom3tools)  # PACS tests: a throwaway Orthanc on loopback (its DICOMweb plugin sends and takes STOW-RS); dciodvfy checks the DICOM results against their IODs
fi
missing=()
for p in "${want[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq >"$LOG" 2>&1 || { cat "$LOG"; exit 1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1 || { cat "$LOG"; exit 1; }
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is needed (dotnet on PATH)"; exit 1; }

# Build the viewer (web/dist) when its sources are newer than the last build; npm ci only when the lock file changed.
if [[ -f web/package.json ]]; then
  if ! command -v npm >/dev/null; then
    echo "setup: npm not found; the viewer (web/dist) is not built"
  elif [[ ! -f web/dist/index.html ]] || [[ -n "$(find web/src web/openapi.json web/index.html web/package.json web/package-lock.json web/vite.config.ts web/tsconfig.json -newer web/dist/index.html -print -quit 2>/dev/null)" ]]; then
    echo "setup: building the viewer (web/dist)"
    if [[ ! -f web/node_modules/.package-lock.json ]] || [[ web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
      (cd web && npm ci --no-audit --no-fund) >"$LOG" 2>&1 || { cat "$LOG"; echo "setup: npm ci failed"; exit 1; }
    fi
    (cd web && npm run build) >"$LOG" 2>&1 || { cat "$LOG"; echo "setup: viewer build failed"; exit 1; }
  fi
fi

# Build the CLI into artifacts/cli when any source is newer than the last build.
stamp="$ROOT/artifacts/cli/.built"
if [[ ! -f "$stamp" ]] || [[ -n "$(find src Directory.Build.props Directory.Packages.props -newer "$stamp" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) -print -quit)" ]]; then
  echo "setup: building screener"
  if ! dotnet publish src/ChestScreener.Cli -c Release -o "$ROOT/artifacts/cli" --nologo -v q >"$LOG" 2>&1; then
    cat "$LOG"; echo "setup: build failed"; exit 1
  fi
  touch "$stamp"
fi
