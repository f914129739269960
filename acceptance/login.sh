#!/usr/bin/env bash
# Logging in with the card, as a user would: an HTTPS request with TLS 1.2 client authentication
# against openssl s_server -Verify 2 that requires a certificate from the card's authentication CA
# (its log shows the card's subject); the signing password is never asked (only the user PIN is
# on standard input, and the signing counter stays at 5). Then auth-challenge, auth-sign and
# auth-verify: verified; one byte changed: not; a stale nonce: not; an answer made for
# https://a.example refused at https://b.example; two verifier processes on one nonce store: one
# accepts, the other refuses the replay. Last, the card's authentication certificate revoked:
# auth-verify --revocation refuses it as revoked, and openssl s_server with the CA's CRL
# (-crl_check, -CRL) fails the handshake of mynacard login.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
m() { java -jar "$jar" "$@"; }
work="$(mktemp -d)"
cleanup() {
  for p in ${server:-} ${services:-}; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
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
origin=https://service.example
nonce=$(m auth-challenge)
echo 4821 | m auth-sign --origin "$origin" --nonce "$nonce" --out "$work/response.txt" --card "$card" --pin-stdin
mkdir "$work/roots"; cp "$work/auth-ca.pem" "$work/roots/"
rc=0; m auth-verify --origin "$origin" --response "$work/response.txt" --nonce "$nonce" --trust-anchors "$work/roots" || rc=$?
echo "   as signed: exit $rc"; [ "$rc" = 0 ] || fail=1
python3 - "$work/response.txt" "$work/changed.txt" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
sig = lines[4]; assert sig.startswith("signature: "); i = len(sig) // 2
lines[4] = sig[:i] + ("B" if sig[i] == "A" else "A") + sig[i+1:]
open(sys.argv[2], "w").write("\n".join(lines))
PY
rc=0; m auth-verify --origin "$origin" --response "$work/changed.txt" --nonce "$nonce" --trust-anchors "$work/roots" || rc=$?
echo "   one byte of the signature changed: exit $rc"; [ "$rc" = 8 ] || fail=1
stale=$(python3 -c 'import time,os; print((int(time.time()*1000)-600000).to_bytes(8,"big").hex()+os.urandom(24).hex())')
echo 4821 | m auth-sign --origin "$origin" --nonce "$stale" --out "$work/stale.txt" --card "$card" --pin-stdin >/dev/null
rc=0; m auth-verify --origin "$origin" --response "$work/stale.txt" --nonce "$stale" --trust-anchors "$work/roots" || rc=$?
echo "   a nonce made 10 minutes ago (max age 300 s): exit $rc"; [ "$rc" = 8 ] || fail=1

echo "== an answer made for https://a.example, checked by a service at https://b.example"
nonce=$(m auth-challenge)
echo 4821 | m auth-sign --origin https://a.example --nonce "$nonce" --out "$work/for-a.txt" --card "$card" --pin-stdin >/dev/null
rc=0; m auth-verify --origin https://b.example --response "$work/for-a.txt" --nonce "$nonce" --trust-anchors "$work/roots" || rc=$?
echo "   at https://b.example: exit $rc"; [ "$rc" = 8 ] || fail=1
rc=0; m auth-verify --origin https://a.example --response "$work/for-a.txt" --nonce "$nonce" --trust-anchors "$work/roots" || rc=$?
echo "   at https://a.example: exit $rc"; [ "$rc" = 0 ] || fail=1

echo "== two verifier processes on one nonce store, started together on the same answer"
store="$work/nonces"
nonce=$(m auth-challenge --nonce-store "$store")
echo 4821 | m auth-sign --origin "$origin" --nonce "$nonce" --out "$work/once.txt" --card "$card" --pin-stdin >/dev/null
pids=()
for i in 1 2; do
  ( rc=0; m auth-verify --origin "$origin" --response "$work/once.txt" --nonce "$nonce" --trust-anchors "$work/roots" \
      --nonce-store "$store" --json >"$work/v$i.json" 2>/dev/null || rc=$?; echo "$rc" >"$work/v$i.rc" ) &
  pids+=($!)
done
wait "${pids[@]}"
for i in 1 2; do
  echo "   process $i: exit $(cat "$work/v$i.rc"), $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["status"])' "$work/v$i.json")"
done
codes=$(cat "$work/v1.rc" "$work/v2.rc" | sort | tr '\n' ' ')
[ "$codes" = "0 8 " ] && grep -q '"nonce_replayed"' "$work/v1.json" "$work/v2.json" || fail=1
echo "   the store: $(sed -n 1p "$store"); $(($(wc -l <"$store") - 1)) nonce(s), kept as SHA-256"

echo "== emulator revoke --card F auth"
port2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar "$jar" emulator services --card "$card" --port "$port2" --trust-out "$work/trust" >"$work/services.out" 2>&1 &
services=$!
for _ in $(seq 100); do grep -q "tsa" "$work/services.out" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$port2") 2>/dev/null && break; sleep 0.1; done
nonce=$(m auth-challenge)
echo 4821 | m auth-sign --origin "$origin" --nonce "$nonce" --out "$work/before.txt" --card "$card" --pin-stdin >/dev/null
m emulator revoke --card "$card" auth
rc=0; m auth-verify --origin "$origin" --response "$work/before.txt" --nonce "$nonce" --trust-anchors "$work/roots" \
  --revocation "ocsp:http://127.0.0.1:$port2/ocsp" || rc=$?
echo "   auth-verify --revocation ocsp:…: exit $rc"; [ "$rc" = 12 ] || fail=1
python3 -c 'import urllib.request,sys; open(sys.argv[2],"wb").write(urllib.request.urlopen(sys.argv[1]).read())' \
  "http://127.0.0.1:$port2/crl/authentication.crl" "$work/auth.crl"
echo "   the CA's CRL: $(openssl crl -inform DER -in "$work/auth.crl" -noout -text | grep -c 'Serial Number') revoked serial(s)"
rc=0; m auth-verify --origin "$origin" --response "$work/before.txt" --nonce "$nonce" --trust-anchors "$work/roots" \
  --revocation "crl:$work/auth.crl" || rc=$?
echo "   auth-verify --revocation crl:FILE: exit $rc"; [ "$rc" = 12 ] || fail=1
kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
openssl s_server -accept "127.0.0.1:$port" -tls1_2 -Verify 2 -verify_return_error -crl_check -CRLform DER -CRL "$work/auth.crl" \
  -CAfile "$work/auth-ca.pem" -cert "$work/server.pem" -key "$work/server.key" -www >"$work/s_server2.log" 2>&1 &
server=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
rc=0; echo 4821 | m login --url "https://127.0.0.1:$port/" --server-ca "$work/server.pem" --card "$card" --pin-stdin \
  >"$work/page2" 2>"$work/err2" || rc=$?
echo "   login against s_server -crl_check: exit $rc: $(cat "$work/err2")"
echo "   s_server log: $(grep -m1 -i 'revoked' "$work/s_server2.log")"
[ "$rc" = 12 ] && grep -qi "certificate revoked" "$work/s_server2.log" || fail=1
user=$(m status --card "$card" --json | python3 -c 'import json,sys; print([p["remaining"] for p in json.load(sys.stdin)["pins"] if p["pin"]=="user"][0])')
echo "   user-authentication PIN counter: $user/3"; [ "$user" = 3 ] || fail=1
[ "$fail" -eq 0 ] && echo "login: PASS" || { echo "login: FAIL"; exit 1; }
