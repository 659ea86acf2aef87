#!/usr/bin/env bash
# Hostile probe of `screener serve` (issue 20): replays each attack of the probe against a real server on loopback
# (real pipeline, auth on) and prints one markdown row per attack: what was sent, what came back, whether the server
# was still up, and whether the outcome is the one the hardening promises. Exit 0 when every row passes.
#
#   bench/probe/hostile-probe.sh [--only N[,N...]]        uses artifacts/cli/screener (scripts/setup.sh builds it)
#
# Needs root for the disk-full case (a small tmpfs as --data); that row is skipped otherwise. Needs ../shared/data.
# The NIfTI memory case is watched: a server whose resident set passes $PROBE_RSS_CAP_MB (default 3072) is killed and
# the row fails, so the probe itself cannot exhaust the machine.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${SCREENER_BIN:-$ROOT/artifacts/cli/screener}"
DATA="${CHESTSCREENER_DATA:-$ROOT/../shared/data}"
RSS_CAP_MB="${PROBE_RSS_CAP_MB:-3072}"
ONLY="${2:-}"; [[ "${1:-}" == "--only" ]] || ONLY=""
WORK="$(mktemp -d /tmp/hostile-probe.XXXXXX)"
FAILS=0
SERVER_PID=""
trap 'stop_server; umount "$WORK/tfs" 2>/dev/null; rm -rf "$WORK"' EXIT
[[ -x "$BIN" ]] || { echo "probe: $BIN not built (run scripts/setup.sh)" >&2; exit 2; }
[[ -d "$DATA/syntax" ]] || { echo "probe: $DATA/syntax not found (set CHESTSCREENER_DATA)" >&2; exit 2; }

want() { [[ -z "$ONLY" || ",$ONLY," == *",$1,"* ]]; }
row() { # id attack outcome alive pass
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$5"
  [[ "$5" == pass ]] || FAILS=$((FAILS + 1))
}
free_port() { /usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# start_server DATA_DIR [extra serve args...]: starts the server on a free loopback port; sets PORT, SERVER_PID, URL.
start_server() {
  local dir="$1"; shift
  PORT=$(free_port); URL="http://127.0.0.1:$PORT"
  "$BIN" serve --urls "$URL" --data "$dir" "$@" >"$dir.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    curl -sf "$URL/api/v1/health" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
stop_server() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
alive() { kill -0 "$SERVER_PID" 2>/dev/null && curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/health" | grep -q 200 && echo yes || echo NO; }
key() { "$BIN" keys create --name "$2" --role "$3" ${4:+--site "$4"} --data "$1" 2>/dev/null | grep -Eo 'csk_[A-Za-z0-9_-]+' | head -1; }
# upload KEY FILE... : multipart upload; prints "HTTP_CODE BODY"
upload() {
  local k="$1"; shift; local args=()
  for f in "$@"; do args+=(-F "files=@$f"); done
  local out; out=$(curl -s -w '\n%{http_code}' -H "X-Api-Key: $k" "${args[@]}" "$URL/api/v1/studies")
  echo "$(tail -n 1 <<<"$out") $(head -n -1 <<<"$out")"
}
json() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" 2>/dev/null; }
wait_finished() { # KEY ID [seconds] -> prints the study JSON once finished
  local s
  for _ in $(seq 1 $(( ${3:-120} * 2 ))); do
    s=$(curl -s -H "X-Api-Key: $1" "$URL/api/v1/studies/$2")
    [[ "$(echo "$s" | json "d['status']")" =~ ^(done|rejected|failed)$ ]] && { echo "$s"; return 0; }
    sleep 0.5
  done
  echo "$s"; return 1
}

echo "| # | attack | outcome | server up | |"
echo "|---|---|---|---|---|"

# ---- 1. files that made GDCM abort, uploaded with --strip-identifiers --------------------------------------------
if want 1; then
  D="$WORK/d1"; mkdir -p "$D"
  ADMIN=$(key "$D" probe-admin admin)
  start_server "$D" --strip-identifiers || { row 1 "server start" "did not start" NO fail; }
  cp "$DATA/syntax/ct_small.dcm" "$WORK/mut.dcm"; printf 'E' | dd of="$WORK/mut.dcm" bs=1 seek=$((0x144)) conv=notrunc 2>/dev/null
  head -c 144 "$(ls "$DATA"/chest/lidc-idri-0314/*.dcm | head -1)" >"$WORK/cut144.dcm"
  for f in mut.dcm cut144.dcm; do
    r=$(upload "$ADMIN" "$WORK/$f"); code=${r%% *}; id=$(echo "${r#* }" | json "d.get('id','')")
    out="HTTP $code"
    if [[ -n "$id" ]]; then s=$(wait_finished "$ADMIN" "$id" 60); out="$out, study $(echo "$s" | json "d['status']+' '+(d.get('rejection') or {}).get('code','')")"; else out="$out $(echo "${r#* }" | json "d.get('code','')")"; fi
    up=$(alive)
    pass=fail; [[ "$up" == yes && "$code" =~ ^(202|4[0-9][0-9])$ ]] && pass=pass
    row 1 "strip-identifiers upload of $f" "$out" "$up" "$pass"
    [[ "$up" == yes ]] || { stop_server; start_server "$D" --strip-identifiers; }
  done
  receiving=$(sqlite3 "$D/studies.db" "select count(*) from studies where status='receiving'" 2>/dev/null || echo "?")
  row 1 "rows left 'receiving' after those uploads" "$receiving" "$(alive)" "$([[ "$receiving" == 0 ]] && echo pass || echo fail)"
  stop_server
fi

# ---- 2. a 2 MB NIfTI.gz of a 1024x1024x1000 zero volume -------------------------------------------------------------
if want 2; then
  D="$WORK/d2"; mkdir -p "$D"
  ADMIN=$(key "$D" probe-admin admin)
  /usr/bin/python3 - "$WORK/zeros.nii.gz" <<'EOF'
import gzip, struct, sys
h = bytearray(348)
struct.pack_into('<i', h, 0, 348)
struct.pack_into('<8h', h, 40, 3, 1024, 1024, 1000, 1, 1, 1, 1)
struct.pack_into('<hh', h, 70, 4, 16)             # datatype int16, bitpix
struct.pack_into('<8f', h, 76, 1, 0.4, 0.4, 1.0, 1, 1, 1, 1)
struct.pack_into('<f', h, 108, 352.0)             # vox_offset
struct.pack_into('<ff', h, 112, 1.0, 0.0)         # scl_slope, scl_inter
struct.pack_into('<hh', h, 252, 0, 1)             # qform 0, sform scanner
struct.pack_into('<4f', h, 280, 0.4, 0, 0, 0); struct.pack_into('<4f', h, 296, 0, 0.4, 0, 0); struct.pack_into('<4f', h, 312, 0, 0, 1.0, 0)
h[344:348] = b'n+1\0'
with gzip.open(sys.argv[1], 'wb', compresslevel=9) as f:
    f.write(h); f.write(b'\0' * 4)
    block = b'\0' * (1 << 24)
    for _ in range(1024 * 1024 * 1000 * 2 // len(block)): f.write(block)
EOF
  start_server "$D"
  r=$(upload "$ADMIN" "$WORK/zeros.nii.gz"); code=${r%% *}; id=$(echo "${r#* }" | json "d.get('id','')")
  peak=0; status=""; killed=""
  for _ in $(seq 1 240); do
    rss=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$SERVER_PID/status 2>/dev/null || echo 0)
    (( rss > peak )) && peak=$rss
    if (( rss > RSS_CAP_MB )); then killed=" (killed by the probe at ${RSS_CAP_MB} MB)"; kill -9 "$SERVER_PID"; break; fi
    if [[ -n "$id" ]]; then
      status=$(curl -s -H "X-Api-Key: $ADMIN" "$URL/api/v1/studies/$id" | json "d['status']+' '+(d.get('rejection') or {}).get('code','')")
      [[ "$status" =~ ^(done|rejected|failed) ]] && break
    fi
    sleep 0.5
  done
  up=$(alive)
  pass=fail; [[ -z "$killed" && "$up" == yes && "$status" =~ ^rejected\ too_large ]] && pass=pass
  row 2 "1024x1024x1000 int16 zeros, $(du -k "$WORK/zeros.nii.gz" | cut -f1) kB .nii.gz" "HTTP $code, study '$status', server peak RSS ${peak} MB$killed" "$up" "$pass"
  stop_server
fi

# ---- 3. STOW-RS across sites ----------------------------------------------------------------------------------------
stow() { # KEY FILE [URL-suffix] -> HTTP code
  local b="probe$RANDOM$RANDOM"
  { printf -- '--%s\r\nContent-Type: application/dicom\r\n\r\n' "$b"; cat "$2"; printf -- '\r\n--%s--\r\n' "$b"; } >"$WORK/stow.body"
  curl -s -o "$WORK/stow.out" -w '%{http_code}' -H "X-Api-Key: $1" -H "Content-Type: multipart/related; type=\"application/dicom\"; boundary=$b" \
    --data-binary @"$WORK/stow.body" "$URL/dicomweb/studies${3:-}"
}
if want 3; then
  D="$WORK/d3"; mkdir -p "$D"
  ADMIN=$(key "$D" probe-admin admin); A=$(key "$D" site-a uploader A); B=$(key "$D" site-b uploader B)
  start_server "$D" --processor fake
  suid=$(dcmdump +P 0020,000d "$DATA/syntax/ct_small.dcm" | sed -E 's/.*\[([^]]*)\].*/\1/')
  cp "$DATA/syntax/ct_small.dcm" "$WORK/b.dcm"; dcmodify -nb -m "(0008,0080)=Site B changed this" "$WORK/b.dcm" 2>/dev/null
  ca=$(stow "$A" "$DATA/syntax/ct_small.dcm"); cb=$(stow "$B" "$WORK/b.dcm")
  cc=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Api-Key: $B" "$URL/dicomweb/studies/$suid/complete")
  ca2=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Api-Key: $A" "$URL/dicomweb/studies/$suid/complete")
  sleep 2
  # Which stored study holds site B's modified instance, and whose is it?
  crossed=0
  for f in $(find "$D/studies" -path '*/input/*' -type f 2>/dev/null); do
    inst=$(dcmdump +P 0008,0080 "$f" 2>/dev/null)
    sid=$(echo "$f" | sed -E 's#.*/studies/([^/]+)/.*#\1#')
    site=$(sqlite3 "$D/studies.db" "select coalesce(site,'') from studies where id='$sid'" 2>/dev/null)
    [[ "$inst" == *"Site B changed"* && "$site" != B ]] && crossed=$((crossed + 1))
    [[ "$inst" != *"Site B changed"* && "$site" == B ]] && crossed=$((crossed + 1))
  done
  audit=$(curl -s -H "X-Api-Key: $ADMIN" "$URL/api/v1/audit" | json "sum(1 for e in d if 'stow' in str(e).lower())")
  row 3 "site A and site B STOW the same study and SOP Instance UID; B calls /complete" "A $ca, B $cb, B complete $cc, A complete $ca2; cross-site instances in stored studies: $crossed; STOW audit rows: $audit" "$(alive)" \
    "$([[ "$crossed" == 0 && "${audit:-0}" -ge 2 ]] && echo pass || echo fail)"
  stop_server
  # Admission: the queue limit holds for STOW too.
  D="$WORK/d3b"; mkdir -p "$D"; A=$(key "$D" site-a uploader A)
  start_server "$D" --processor fake --workers 1
  stop_server
  Screener__MaxQueuedStudies=2 Screener__QueuePollSeconds=60 start_server "$D" --processor fake
  codes=""
  for i in 1 2 3 4 5; do
    cp "$DATA/syntax/ct_small.dcm" "$WORK/q$i.dcm"; dcmodify -nb -gst -gse -gin "$WORK/q$i.dcm" 2>/dev/null
    c=$(stow "$A" "$WORK/q$i.dcm"); s=$(dcmdump +P 0020,000d "$WORK/q$i.dcm" | sed -E 's/.*\[([^]]*)\].*/\1/')
    cc=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Api-Key: $A" "$URL/dicomweb/studies/$s/complete")
    codes="$codes $c/$cc"
  done
  row 3 "MaxQueuedStudies=2, five STOW studies (store/complete)" "$codes" "$(alive)" "$([[ "$codes" == *429* ]] && echo pass || echo fail)"
  stop_server
fi

# ---- 4. malformed multipart -----------------------------------------------------------------------------------------
if want 4; then
  D="$WORK/d4"; mkdir -p "$D"
  ADMIN=$(key "$D" probe-admin admin)
  start_server "$D" --processor fake
  b=probeboundary
  { printf -- '--%s\r\nContent-Disposition: form-data; name="files"; filename="a.dcm"\r\nX-Long: ' "$b"; head -c 20000 /dev/zero | tr '\0' a; printf '\r\n\r\nxx\r\n--%s--\r\n' "$b"; } >"$WORK/long.body"
  { printf -- '--%s\r\n' "$b"; for i in $(seq 1 40); do printf 'X-H%d: v\r\n' "$i"; done; printf 'Content-Disposition: form-data; name="files"; filename="a.dcm"\r\n\r\nxx\r\n--%s--\r\n' "$b"; } >"$WORK/many.body"
  for body in long many; do
    what="a 20 kB part header"; [[ $body == many ]] && what="40 part header lines"
    c=$(curl -s -o "$WORK/out" -w '%{http_code}' -H "X-Api-Key: $ADMIN" -H "Content-Type: multipart/form-data; boundary=$b" --data-binary @"$WORK/$body.body" "$URL/api/v1/studies")
    row 4 "upload with $what" "HTTP $c $(json "d.get('code','')" <"$WORK/out")" "$(alive)" "$([[ "$c" =~ ^4 ]] && echo pass || echo fail)"
    c=$(curl -s -o "$WORK/out" -w '%{http_code}' -H "X-Api-Key: $ADMIN" -H "Content-Type: multipart/related; type=\"application/dicom\"; boundary=$b" --data-binary @"$WORK/$body.body" "$URL/dicomweb/studies")
    row 4 "STOW with $what" "HTTP $c" "$(alive)" "$([[ "$c" =~ ^4 ]] && echo pass || echo fail)"
  done
  { printf -- '--%s\r\nContent-Type: application/dicom\r\n\r\n' "$b"; head -c 3000 "$DATA/syntax/ct_small.dcm"; } >"$WORK/cut.body"
  c=$(curl -s -o "$WORK/out" -w '%{http_code}' -H "X-Api-Key: $ADMIN" -H "Content-Type: multipart/related; type=\"application/dicom\"; boundary=$b" --data-binary @"$WORK/cut.body" "$URL/dicomweb/studies")
  row 4 "STOW body cut off inside a part" "HTTP $c" "$(alive)" "$([[ "$c" =~ ^4 ]] && echo pass || echo fail)"
  stop_server
fi

# ---- 5. disk full (a 40 MB tmpfs as --data) -------------------------------------------------------------------------
if want 5; then
  if [[ $(id -u) -ne 0 ]]; then row 5 "disk full" "skipped: needs root for a tmpfs" - skip; else
    D="$WORK/tfs"; mkdir -p "$D"; mount -t tmpfs -o size=40m tmpfs "$D"
    ADMIN=$(key "$D" probe-admin admin)
    start_server "$D" --processor fake
    fallocate -l $(( $(df -B1 --output=avail "$D" | tail -1) - 3000000 )) "$D/filler"
    mkdir -p "$WORK/five"; for i in 1 2 3 4 5 6; do cp "$(ls "$DATA"/chest/lidc-idri-0314/*.dcm | sed -n ${i}p)" "$WORK/five/"; done
    r=$(upload "$ADMIN" "$WORK"/five/*.dcm); code=${r%% *}
    row 5 "3.1 MB upload with 3 MB free" "HTTP $code $(echo "${r#* }" | json "d.get('code','')")" "$(alive)" "$([[ "$code" == 507 ]] && echo pass || echo fail)"
    rm -f "$D/filler"
    # Nearly full: the databases still have room, the study's result files do not.
    r=$(upload "$ADMIN" "$DATA/syntax/ct_small.dcm"); id=$(echo "${r#* }" | json "d.get('id','')")
    fallocate -l $(( $(df -B1 --output=avail "$D" | tail -1) - 262144 )) "$D/filler" 2>/dev/null
    s=$(wait_finished "$ADMIN" "$id" 90); st=$(echo "$s" | json "d['status']+' '+(d.get('rejection') or {}).get('code','')")
    runs=$(sqlite3 "$D/studies.db" "select attempts from studies where id='$id'" 2>/dev/null)
    row 5 "disk filled to 256 kB free while a study waits (results cannot be written)" "study '$st', attempts $runs" "$(alive)" "$([[ "$st" == "failed storage_full" ]] && echo pass || echo fail)"
    # Completely full: not even the databases can be written. Nothing may be lost, health must say so, and the study must
    # finish once space is freed.
    rm -f "$D/filler"
    r=$(upload "$ADMIN" "$DATA/syntax/ct_small.dcm"); id=$(echo "${r#* }" | json "d.get('id','')")
    fallocate -l $(( $(df -B1 --output=avail "$D" | tail -1) - 4096 )) "$D/filler" 2>/dev/null
    sleep 20
    st1=$(curl -s -H "X-Api-Key: $ADMIN" "$URL/api/v1/studies/$id" | json "d['status']")
    health=$(curl -s "$URL/api/v1/health" | json "d['status']")
    rm -f "$D/filler"
    s=$(wait_finished "$ADMIN" "$id" 90); st2=$(echo "$s" | json "d['status']+' '+(d.get('rejection') or {}).get('code','')")
    row 5 "disk completely full (4 kB free) for 20 s while a study waits, then space freed" "while full: study '$st1', health '$health'; after: study '$st2'" "$(alive)" \
      "$([[ "$health" == degraded && "$st2" =~ ^(done|failed\ storage_full) ]] && echo pass || echo fail)"
    stop_server; umount "$D"
  fi
fi

# ---- 6. auth off by configuration on a public address ---------------------------------------------------------------
if want 6; then
  D="$WORK/d6"; mkdir -p "$D"; P=$(free_port)
  Screener__Auth__Enabled=false timeout 20 "$BIN" serve --urls "http://0.0.0.0:$P" --data "$D" >"$D.log" 2>&1 &
  pid=$!; sleep 8
  c=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P/api/v1/studies"); kill $pid 2>/dev/null; wait $pid 2>/dev/null
  row 6 "Screener__Auth__Enabled=false, --urls http://0.0.0.0" "GET /api/v1/studies: HTTP $c; $(grep -m1 -io 'auth[^.]*loopback[^.]*' "$D.log" | head -c 120)" - "$([[ "$c" != 200 ]] && echo pass || echo fail)"
  P2=$(free_port)
  Kestrel__Endpoints__Pub__Url="http://0.0.0.0:$P2" timeout 20 "$BIN" serve --no-auth --urls "http://127.0.0.1:$P" --data "$D" >"$D.log" 2>&1 &
  pid=$!; sleep 8
  c=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P2/api/v1/studies"); kill $pid 2>/dev/null; wait $pid 2>/dev/null
  row 6 "--no-auth on loopback, Kestrel__Endpoints__Pub__Url=http://0.0.0.0" "GET on the Kestrel endpoint: HTTP $c" - "$([[ "$c" != 200 ]] && echo pass || echo fail)"
fi

# ---- 7. patient data in the system temp folder after kill -9; file modes --------------------------------------------
if want 7; then
  D="$WORK/d7"; mkdir -p "$D"; ADMIN=$(key "$D" probe-admin admin)
  export TMPDIR="$WORK/systmp"; mkdir -p "$TMPDIR"
  (cd "$DATA/chest" && zip -qr -1 "$WORK/lidc.zip" lidc-idri-0314)
  start_server "$D" --strip-identifiers
  r=$(upload "$ADMIN" "$WORK/lidc.zip"); id=$(echo "${r#* }" | json "d.get('id','')")
  for _ in $(seq 1 120); do
    [[ "$(curl -s -H "X-Api-Key: $ADMIN" "$URL/api/v1/studies/$id" | json "d['status']")" == processing ]] && break; sleep 0.25
  done
  sleep 2; kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
  leaked=$(find "$TMPDIR" -path '*chestscreener-*' -type f | wc -l)
  start_server "$D" --strip-identifiers; s=$(wait_finished "$ADMIN" "$id" 120); stop_server; unset TMPDIR
  leftover=$(find "$WORK/systmp" -mindepth 1 -maxdepth 1 -name 'chestscreener-*' | wc -l)
  left=$(find "$D" -type d -name 'chestscreener-unzip-*' | wc -l)
  row 7 "kill -9 during the analysis of a 139 MB zip, restart" "files in chestscreener folders of the system temp after the kill: $leaked; such folders after restart and stop: $leftover; unzip folders under --data: $left; study $(echo "$s" | json "d['status']")" - "$([[ "$leaked" == 0 && "$leftover" == 0 && "$left" == 0 ]] && echo pass || echo fail)"
  modes=$(find "$D" \( -name studies.db -o -path "*/studies/$id/input/*" -o -path "*/studies/$id/output/result.json" \) -printf '%m\n' | sort | uniq -c | tr '\n' ' ')
  dirmodes=$(find "$D/studies" -type d -printf '%m\n' | sort | uniq -c | tr '\n' ' ')
  row 7 "modes of studies.db, stored input and result files; of study folders" "files: $modes; folders: $dirmodes" - "$([[ "$modes" != *644* && "$dirmodes" != *755* ]] && echo pass || echo fail)"
fi

# ---- 8. cookies behind a proxy, login spraying, form login, paths in messages ---------------------------------------
if want 8; then
  D="$WORK/d8"; mkdir -p "$D"; ADMIN=$(key "$D" probe-admin admin)
  printf 'probe-password-123\n' | "$BIN" users add reader --role viewer --data "$D" >/dev/null 2>&1
  start_server "$D" --strip-identifiers
  cookie=$(curl -s -D - -o /dev/null -H 'X-Forwarded-Proto: https' -H 'Content-Type: application/json' -d '{"name":"reader","password":"probe-password-123"}' "$URL/api/v1/auth/login" | grep -i '^set-cookie')
  row 8 "login through a TLS proxy on loopback (X-Forwarded-Proto: https)" "$(echo "$cookie" | grep -qi secure && echo 'cookie Secure' || echo 'cookie NOT Secure')" "$(alive)" "$(echo "$cookie" | grep -qi secure && echo pass || echo fail)"
  before=$(curl -s -H "X-Api-Key: $ADMIN" "$URL/api/v1/audit?limit=100000" | json "len(d)")
  codes=$(for i in $(seq 1 240); do curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' -d "{\"name\":\"spray$i\",\"password\":\"wrong-password-1\"}" "$URL/api/v1/auth/login"; done | sort | uniq -c | tr '\n' ' ')
  after=$(curl -s -H "X-Api-Key: $ADMIN" "$URL/api/v1/audit?limit=100000" | json "len(d)")
  row 8 "240 sprayed names, one address" "answers: $codes; audit rows added: $((after - before))" "$(alive)" "$([[ "$codes" == *429* && $((after - before)) -lt 60 ]] && echo pass || echo fail)"
  c=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 10.9.9.9' --data-urlencode 'name=reader' --data-urlencode 'password=probe-password-123' "$URL/api/v1/auth/login")
  row 8 "form-encoded login" "HTTP $c" "$(alive)" "$([[ "$c" != 404 && "$c" != 500 ]] && echo pass || echo fail)"
  head -c 300 "$DATA/syntax/ct_small.dcm" >"$WORK/damaged.dcm"
  r=$(upload "$ADMIN" "$WORK/damaged.dcm"); id=$(echo "${r#* }" | json "d.get('id','')")
  msg=$([[ -n "$id" ]] && wait_finished "$ADMIN" "$id" 60 || echo "${r#* }")
  row 8 "damaged file with --strip-identifiers: code, server path in the message" "$(echo "$msg" | json "(d.get('rejection') or {}).get('code') or d.get('code')"); path quoted: $(echo "$msg" | grep -q "$D" && echo yes || echo no)" "$(alive)" \
    "$(echo "$msg" | grep -q "$D" || [[ "$msg" != *corrupt_file* ]] && echo fail || echo pass)"
  stop_server
fi

echo
echo "probe: $FAILS row(s) failed"
[[ $FAILS -eq 0 ]]
