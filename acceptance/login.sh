#!/usr/bin/env bash
# Logging in with the card, as a user would: an HTTPS request with TLS 1.2 client authentication
# against openssl s_server -Verify 2 that requires a certificate from the card's authentication CA
# (its log shows the card's subject); the signing password is never asked (only the user PIN is
# on standard input, and the signing counter stays at 5). Then auth-challenge, auth-sign and
# auth-verify: verified; one byte changed: not; a stale nonce: not.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
m() { java -jar "$jar" "$@"; }
work="$(mktemp -d)"; trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
card="$work/card.state"
m emulator init --card "$card" >/dev/null
m cert export auth-ca --card "$card" --out "$work/auth-ca.pem" >/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/server.key" -out "$work/server.pem" -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -days 1 2>/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -tls1_2 -Verify 2 -CAfile "$work/auth-ca.pem" -cert "$work/server.pem" \
  -key "$work/server.key" -www >"$work/s_server.log" 2>&1 &
server=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
fail=0
echo "== login --url https://127.0.0.1:$port/ (user PIN on standard input)"
echo 4821 | m login --url "https://127.0.0.1:$port/" --server-ca "$work/server.pem" --card "$card" --pin-stdin \
  >"$work/page" 2>"$work/err" || fail=1
cat "$work/err"
grep -E "Protocol  :|Verify return code|Peer signature type|Peer signing digest" "$work/page" | sed 's/^/   page: /'
echo "   s_server log: $(grep 'depth=0' "$work/s_server.log")"
echo "   card's authentication certificate: $(m cert show auth --card "$card" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["subject"])')"
signing=$(m status --card "$card" --json | python3 -c 'import json,sys; print([p["remaining"] for p in json.load(sys.stdin)["pins"] if p["pin"]=="signing"][0])')
echo "   signing password counter after the login: $signing/5"
[ "$signing" = 5 ] && grep -q "Verify return code: 0 (ok)" "$work/page" || fail=1

echo "== auth-challenge | auth-sign | auth-verify"
nonce=$(m auth-challenge)
echo 4821 | m auth-sign --nonce "$nonce" --out "$work/response.txt" --card "$card" --pin-stdin
mkdir "$work/roots"; cp "$work/auth-ca.pem" "$work/roots/"
rc=0; m auth-verify --response "$work/response.txt" --nonce "$nonce" --trust-anchors "$work/roots" || rc=$?
echo "   as signed: exit $rc"; [ "$rc" = 0 ] || fail=1
python3 - "$work/response.txt" "$work/changed.txt" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
sig = lines[3]; i = len(sig) // 2
lines[3] = sig[:i] + ("B" if sig[i] == "A" else "A") + sig[i+1:]
open(sys.argv[2], "w").write("\n".join(lines))
PY
rc=0; m auth-verify --response "$work/changed.txt" --nonce "$nonce" --trust-anchors "$work/roots" || rc=$?
echo "   one byte of the signature changed: exit $rc"; [ "$rc" = 8 ] || fail=1
stale=$(python3 -c 'import time,os; print((int(time.time()*1000)-600000).to_bytes(8,"big").hex()+os.urandom(24).hex())')
echo 4821 | m auth-sign --nonce "$stale" --out "$work/stale.txt" --card "$card" --pin-stdin >/dev/null
rc=0; m auth-verify --response "$work/stale.txt" --nonce "$stale" --trust-anchors "$work/roots" || rc=$?
echo "   a nonce made 10 minutes ago (max age 300 s): exit $rc"; [ "$rc" = 8 ] || fail=1
[ "$fail" -eq 0 ] && echo "login: PASS" || { echo "login: FAIL"; exit 1; }
