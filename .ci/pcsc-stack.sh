#!/usr/bin/env bash
# Brings up the PC/SC test stack: pcscd with vsmartcard's virtual reader driver (vpcd), such that no
# card can be put into the virtual reader from the network.
#
# vpcd (inside pcscd) listens on TCP ports 35963 and 35964, one per slot, and whoever connects puts
# a card into that slot of the virtual reader. It binds the wildcard address 0.0.0.0, with no
# setting to change it, so out of the box anyone on the network can insert a fake My Number Card.
# vpcd's "reversed mode" (DEVICENAME 127.0.0.1:0x8C7B: vpcd connects to a listening card program)
# would avoid the listener, but in Debian 12's vsmartcard-vpcd 3.3 it takes pcscd down: once a card
# leaves the reader (or no card program listens), the driver's next poll calls select() on socket
# -1 and glibc aborts pcscd ("bit out of range 0 - FD_SETSIZE on fd_set"); fixed upstream in 2022.
# So vpcd stays in its default mode, and pcscd runs with a small preloaded library
# (.ci/pcscd-loopback.c, built here with gcc) that binds every wildcard TCP socket of pcscd to the
# loopback address instead: vpcd listens on 127.0.0.1 only, and only programs on this machine can
# insert a card (as with reversed mode).
#
# Steps, each idempotent:
#   1. installs what is missing (pcscd, vsmartcard-vpcd, opensc, openssl, gcc) with apt-get;
#   2. builds the preload library into /usr/local/lib/mynacard/ when it is missing or its source
#      changed;
#   3. makes sure /etc/reader.conf.d/vpcd has vpcd's default (listening) DEVICENAME, keeping the rest
#      of the file; the file is rewritten only when it differs;
#   4. (re)starts pcscd with the library preloaded only when needed: pcscd is not running, runs
#      without the library, started before the configuration or the library was last written, or
#      something listens on the vpcd ports off loopback; otherwise a running pcscd is left alone;
#   5. checks and logs what is true: pcscd runs with the library loaded and lists the virtual
#      readers, vpcd listens on loopback, and nothing listens on the vpcd ports on a non-loopback
#      address (read from /proc/net/tcp and tcp6). Any failed check ends the script non-zero.
# Works as root in CI (no systemd needed: pcscd is started directly) and for a developer (uses sudo
# when not root; with systemd, a drop-in for pcscd.service sets LD_PRELOAD).
#
# Environment:
#   PCSC_WAIT_S   seconds to wait for pcscd and its readers (default 20)
#
# vpcd (3.3) writes each message's 2-byte length and body separately with Nagle on; the card side
# (VpcdCardServer) sets TCP_QUICKACK before each read, so no routing change is needed for speed.
set -euo pipefail

PCSC_WAIT_S="${PCSC_WAIT_S:-20}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VPCD_CONF=/etc/reader.conf.d/vpcd
VPCD_CHANNEL=0x8C7B                       # 35963: slot 0; slot N uses 35963 + N
VPCD_PORTS=(35963 35964)                  # vsmartcard-vpcd 3.3 has two slots
WANT_DEVICENAME="DEVICENAME   /dev/null:${VPCD_CHANNEL}"
SHIM_SRC="$HERE/pcscd-loopback.c"
SHIM_DIR=/usr/local/lib/mynacard
SHIM="$SHIM_DIR/pcscd-loopback.so"
DROPIN=/etc/systemd/system/pcscd.service.d/mynacard-loopback.conf

log() { echo "pcsc-stack: $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    log "not root and no sudo: changes to the system will fail"
  fi
fi

have_systemd() { command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; }

# ---- 1. packages -----------------------------------------------------------------------------

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in pcscd vsmartcard-vpcd opensc openssl; do
  have_pkg "$p" || missing+=("$p")
done
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing packages ${missing[*]} and no apt-get; install them by hand"; exit 2
  fi
  log "installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

# ---- 2. the preload library ------------------------------------------------------------------

shim_changed=0
want_sum=$(sha256sum "$SHIM_SRC" | cut -d' ' -f1)
have_sum=$(cat "$SHIM.sha256" 2>/dev/null || true)
if [ -f "$SHIM" ] && [ "$want_sum" = "$have_sum" ]; then
  log "$SHIM is built from the current $(basename "$SHIM_SRC"); not rebuilt"
else
  gcc -Wall -Wextra -Werror -O2 -shared -fPIC -o "$tmpdir/shim.so" "$SHIM_SRC" -ldl \
    || die "cannot build $SHIM_SRC"
  echo "$want_sum" >"$tmpdir/shim.sha256"
  $SUDO install -d -m 0755 "$SHIM_DIR"
  $SUDO install -m 0644 "$tmpdir/shim.so" "$SHIM" || die "cannot install $SHIM (root or sudo needed)"
  $SUDO install -m 0644 "$tmpdir/shim.sha256" "$SHIM.sha256"
  shim_changed=1
  log "built $SHIM from $SHIM_SRC"
fi

# ---- 3. the reader configuration -------------------------------------------------------------

vpcd_libpath() {
  dpkg -L vsmartcard-vpcd 2>/dev/null | grep -m1 '/libifdvpcd\.so$' || echo /usr/lib/pcsc/drivers/serial/libifdvpcd.so
}

# The wanted file: the current one with its DEVICENAME line(s) replaced by the default one, or,
# when there is no file, the package's lines.
wanted_conf() {
  if [ -f "$VPCD_CONF" ]; then
    awk -v want="$WANT_DEVICENAME" '
      /^[[:space:]]*DEVICENAME[[:space:]]/ { if (!done) print want; done = 1; next }
      { print }
      END { if (!done) print want }' "$VPCD_CONF"
  else
    printf 'FRIENDLYNAME "Virtual PCD"\n%s\nLIBPATH      %s\nCHANNELID    %s\n' \
      "$WANT_DEVICENAME" "$(vpcd_libpath)" "$VPCD_CHANNEL"
  fi
}

conf_changed=0
wanted_conf >"$tmpdir/vpcd"
if [ -f "$VPCD_CONF" ] && cmp -s "$tmpdir/vpcd" "$VPCD_CONF"; then
  log "$VPCD_CONF has '$WANT_DEVICENAME' (vpcd listens; the preload library keeps it on loopback); not rewritten"
else
  old=$(grep -m1 -E '^[[:space:]]*DEVICENAME[[:space:]]' "$VPCD_CONF" 2>/dev/null | tr -s ' \t' ' ' || true)
  # never leave a copy in /etc/reader.conf.d: pcscd reads every file there as a reader
  $SUDO install -m 0644 "$tmpdir/vpcd" "$VPCD_CONF" || die "cannot write $VPCD_CONF (root or sudo needed)"
  conf_changed=1
  log "wrote $VPCD_CONF: '${old:-no DEVICENAME}' -> '$WANT_DEVICENAME'"
fi

dropin_changed=0
if have_systemd; then
  printf '# written by mynacard .ci/pcsc-stack.sh: vpcd listens on loopback only\n[Service]\nEnvironment=LD_PRELOAD=%s\n' \
    "$SHIM" >"$tmpdir/dropin"
  if ! cmp -s "$tmpdir/dropin" "$DROPIN"; then
    $SUDO install -d -m 0755 "$(dirname "$DROPIN")"
    $SUDO install -m 0644 "$tmpdir/dropin" "$DROPIN"
    $SUDO systemctl daemon-reload
    dropin_changed=1
    log "wrote $DROPIN (LD_PRELOAD=$SHIM for pcscd.service)"
  fi
fi

# ---- 4. pcscd --------------------------------------------------------------------------------

pcscd_pids() { pgrep -x pcscd 2>/dev/null || true; }

# Seconds since the epoch (with fractions) at which process $1 started: now, minus the uptime,
# plus the process's start in clock ticks after boot (all from /proc, good to about 10 ms).
proc_start_epoch() {
  local ticks hz
  ticks=$(awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$ticks" ] || return 1
  hz=$(getconf CLK_TCK)
  awk -v now="$(date +%s.%N)" -v ticks="$ticks" -v hz="$hz" '{ printf "%.3f\n", now - $1 + ticks / hz }' /proc/uptime
}

# Whether process $1 started before file $2 was last written (to 50 ms).
started_before() {
  local started mtime
  started=$(proc_start_epoch "$1") || return 1
  mtime=$(stat -c %.3Y "$2")
  awk -v s="$started" -v m="$mtime" 'BEGIN { exit !(s + 0.05 < m) }'
}

# Whether process $1 has the preload library mapped (reading another user's maps needs root).
has_shim() { $SUDO grep -qF "$SHIM" "/proc/$1/maps" 2>/dev/null; }

# Every socket listening (state 0A) on one of the vpcd ports, one per line as "v4|v6 HEXADDR PORT"
# (the address in the kernel's notation).
vpcd_port_listeners() {
  local f fam
  for f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] || continue
    fam=v4; [ "$f" = /proc/net/tcp6 ] && fam=v6
    awk -v fam="$fam" -v ports="${VPCD_PORTS[*]}" '
      BEGIN { n = split(ports, p, " "); for (i = 1; i <= n; i++) want[sprintf("%04X", p[i])] = p[i] }
      NR > 1 && $4 == "0A" {
        split($2, a, ":")
        if (toupper(a[2]) in want) print fam, toupper(a[1]), want[toupper(a[2])]
      }' "$f"
  done
}

# Whether a kernel address is a loopback one: IPv4 127/8 (the first octet is the last byte of the
# little-endian word), IPv6 ::1, or IPv4-mapped 127/8.
is_loopback() {
  local fam=$1 hex=$2
  if [ "$fam" = v4 ]; then
    [ "${hex:6:2}" = 7F ]
  else
    [ "$hex" = 00000000000000000000000001000000 ] \
      || { [ "${hex:0:24}" = 0000000000000000FFFF0000 ] && [ "${hex:30:2}" = 7F ]; }
  fi
}

show_addr() {
  local fam=$1 hex=$2
  if [ "$fam" = v4 ]; then
    printf '%d.%d.%d.%d' "0x${hex:6:2}" "0x${hex:4:2}" "0x${hex:2:2}" "0x${hex:0:2}"
  else
    printf '[%s]' "$hex"
  fi
}

listeners() { # $1 = loopback | other
  local fam hex port
  while read -r fam hex port; do
    [ -n "$fam" ] || continue
    if is_loopback "$fam" "$hex"; then
      [ "$1" = loopback ] && echo "$(show_addr "$fam" "$hex"):$port"
    else
      [ "$1" = other ] && echo "$(show_addr "$fam" "$hex"):$port"
    fi
  done < <(vpcd_port_listeners)
  return 0
}

restart_reason=""
pids=$(pcscd_pids)
if [ -z "$pids" ]; then
  restart_reason="pcscd is not running"
elif [ "$conf_changed" = 1 ] || [ "$shim_changed" = 1 ] || [ "$dropin_changed" = 1 ]; then
  restart_reason="its configuration or the preload library changed"
else
  for pid in $pids; do
    if ! has_shim "$pid"; then
      restart_reason="pcscd (pid $pid) runs without $SHIM"
    elif started_before "$pid" "$VPCD_CONF"; then
      restart_reason="pcscd (pid $pid) started before $VPCD_CONF was last written"
    fi
  done
  if [ -z "$restart_reason" ] && [ -n "$(listeners other)" ]; then
    restart_reason="something listens on the vpcd ports off loopback: $(listeners other | paste -sd' ' -)"
  fi
fi

stop_pcscd() {
  local pid
  if have_systemd && systemctl is-active --quiet pcscd.service 2>/dev/null; then
    log "stopping pcscd.service"
    $SUDO systemctl stop pcscd.service || true
  fi
  for pid in $(pcscd_pids); do
    log "stopping pcscd (pid $pid)"
    $SUDO kill -TERM "$pid" 2>/dev/null || true
  done
  for _ in $(seq 1 40); do
    [ -z "$(pcscd_pids)" ] && return 0
    sleep 0.25
  done
  for pid in $(pcscd_pids); do
    log "pcscd (pid $pid) did not stop within 10 s; killing it"
    $SUDO kill -KILL "$pid" 2>/dev/null || true
  done
  sleep 0.5
  [ -z "$(pcscd_pids)" ] || die "pcscd does not stop"
}

start_pcscd() {
  if have_systemd; then
    log "starting pcscd.service (with $DROPIN)"
    $SUDO systemctl start pcscd.socket pcscd.service || true
  fi
  if [ -z "$(pcscd_pids)" ]; then
    log "starting pcscd in the background with LD_PRELOAD=$SHIM"
    # no --auto-exit: it would stop after 60 s idle; keep it running for the test session
    $SUDO env LD_PRELOAD="$SHIM" /usr/sbin/pcscd >/dev/null 2>&1 || true
  fi
}

if [ -n "$restart_reason" ]; then
  log "(re)starting pcscd: $restart_reason"
  [ -z "$(pcscd_pids)" ] || stop_pcscd
  start_pcscd
else
  log "pcscd (pid $(echo $pids | tr ' ' ',')) already runs with $SHIM and the current $VPCD_CONF; not restarted"
fi

# ---- 5. checks -------------------------------------------------------------------------------

readers=""
for _ in $(seq 1 $((PCSC_WAIT_S * 4))); do
  if [ -n "$(pcscd_pids)" ]; then
    readers=$(opensc-tool --list-readers 2>/dev/null | grep -o 'Virtual PCD.*' || true)
    [ -n "$readers" ] && break
  fi
  sleep 0.25
done
pids=$(pcscd_pids)
[ -n "$pids" ] || die "pcscd is not running after ${PCSC_WAIT_S}s"
[ -n "$readers" ] || die "pcscd (pid $pids) lists no 'Virtual PCD' reader after ${PCSC_WAIT_S}s (is $VPCD_CONF loaded?)"
for pid in $pids; do
  has_shim "$pid" || die "pcscd (pid $pid) does not have $SHIM loaded (/proc/$pid/maps)"
done
log "checked: pcscd (pid $(echo $pids | tr ' ' ',')) has $SHIM loaded and lists $(echo "$readers" | sed "s/^/'/; s/\$/'/" | paste -sd, -)"

# pcscd lists a reader only after its driver opened the channel, which is where vpcd binds its
# listening socket: by now it is there
bad=$(listeners other | paste -sd' ' -)
[ -z "$bad" ] || die "a socket listens on a vpcd port on a non-loopback address ($bad): a card could be inserted from the network"
on_loopback=$(listeners loopback | paste -sd' ' -)
for port in "${VPCD_PORTS[@]}"; do
  case " $on_loopback " in
    *":$port "*) ;;
    *) die "nothing listens on port $port on loopback: vpcd's slot is not there" ;;
  esac
done
log "checked /proc/net/tcp and /proc/net/tcp6: on ports ${VPCD_PORTS[*]} sockets listen on $on_loopback only; nothing listens on them on a non-loopback address"
