#!/usr/bin/env bash
# Brings up the PC/SC test stack: pcscd with vsmartcard's virtual reader driver (vpcd).
# Idempotent: installs only what is missing, starts pcscd only when it is not running, and waits
# until vpcd listens on its TCP port. Works as root in CI (no systemd) and for a developer
# (uses sudo when not root).
#
# Environment:
#   VPCD_PORT     port vpcd listens on (default 35963; set by /etc/reader.conf.d/vpcd)
#   PCSC_WAIT_S   seconds to wait for vpcd to listen (default 20)
#   PCSC_QUICKACK set to 1 to turn off delayed ACKs on the loopback route. vpcd (3.3) writes the
#                 2-byte length and the body of each message separately; with Nagle on its side and
#                 delayed ACK on ours every APDU then waits ~40 ms. Changes the routing table, so
#                 opt-in (CI containers); undo with the same 'ip route change' without 'quickack 1'.
set -euo pipefail

VPCD_PORT="${VPCD_PORT:-35963}"
PCSC_WAIT_S="${PCSC_WAIT_S:-20}"

log() { echo "pcsc-stack: $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else SUDO=""; fi
fi

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in pcscd vsmartcard-vpcd opensc openssl; do
  have_pkg "$p" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing packages ${missing[*]} and no apt-get; install them by hand"; exit 2
  fi
  log "installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

vpcd_listening() {
  # Read the kernel's socket table rather than connecting: a connection would look like a card
  # being inserted into the virtual reader. State 0A = LISTEN.
  local hexport
  hexport=$(printf '%04X' "${VPCD_PORT}")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p=":${hexport}" '$2 ~ p"$" && $4 == "0A" {f=1} END {exit !f}'
}

pcscd_running() { pgrep -x pcscd >/dev/null 2>&1; }

if ! pcscd_running; then
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    log "starting pcscd via systemd"
    $SUDO systemctl start pcscd.socket pcscd.service || true
  fi
fi
if ! pcscd_running; then
  log "starting pcscd in the background"
  # --auto-exit would stop it after 60 s idle; keep it running for the test session
  $SUDO /usr/sbin/pcscd >/dev/null 2>&1 || $SUDO pcscd >/dev/null 2>&1
fi

if [ "${PCSC_QUICKACK:-0}" = "1" ] && command -v ip >/dev/null 2>&1; then
  if ! ip route show table local | grep -q '^local 127.0.0.1 .*quickack 1'; then
    log "turning off delayed ACKs on 127.0.0.1 (PCSC_QUICKACK=1)"
    $SUDO ip route change local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 table local quickack 1 \
      || log "could not set quickack; APDUs through vpcd will take ~40 ms each"
  fi
fi

# pcscd loads the vpcd driver from /etc/reader.conf.d/vpcd at start; the driver then listens.
for _ in $(seq 1 $((PCSC_WAIT_S * 4))); do
  if vpcd_listening; then
    log "pcscd running, vpcd listening on 127.0.0.1:${VPCD_PORT}"
    exit 0
  fi
  sleep 0.25
done
log "vpcd is not listening on port ${VPCD_PORT} after ${PCSC_WAIT_S}s (is /etc/reader.conf.d/vpcd present?)"
exit 1
