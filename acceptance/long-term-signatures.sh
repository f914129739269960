#!/usr/bin/env bash
# Signatures a relying party can rely on, as a user would run them from a clean clone: the
# emulated JPKI back office served on loopback (CRLs, OCSP, a time-stamping authority), a PAdES
# B-LTA signature of a third-party PDF checked by pdfsig, a CAdES B-T signature checked by
# openssl cms and openssl ts, then the signing certificate revoked: the old B-LTA PDF still
# verifies (revoked after signing), a B-B signature made before is revoked by OCSP, a new
# signature is refused before the password prompt with the counter unchanged, and a stopped or
# hanging TSA ends a B-T signing within 10 s with one clear line.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
m() { java -jar "$jar" "$@"; }
work="$(mktemp -d)"
cleanup() {
  for p in ${services:-} ${hang:-}; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
card="$work/card.state"
fail=0
check() { # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "   ok: $1 ($3)"; else echo "   FAIL: $1: expected $2, got $3"; fail=1; fi
}
signing_counter() {
  m status --card "$card" --json | python3 -c 'import json,sys; print([p["remaining"] for p in json.load(sys.stdin)["pins"] if p["pin"]=="signing"][0])'
}

m emulator init --card "$card" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar "$jar" emulator services --card "$card" --port "$port" --trust-out "$work/trust" >"$work/services.out" 2>&1 &
services=$!
for _ in $(seq 100); do grep -q "tsa" "$work/services.out" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
echo "== emulator services"
sed 's/^/   /' "$work/services.out"
ls "$work/trust" | sed 's/^/   trust-out: /'
tsa="http://127.0.0.1:$port/tsa"
ocsp="http://127.0.0.1:$port/ocsp"

echo "== a third-party PDF"
python3 - "$work/doc.pdf" <<'PY'
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>"]
stream = b"BT /F1 12 Tf 20 100 Td (contract) Tj ET"
out = bytearray(b"%PDF-1.7\n"); offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
offs.append(len(out)); out += b"4 0 obj\n<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream\nendobj\n"
x = len(out); out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x
open(sys.argv[1], "wb").write(out)
PY

echo "== sign-pdf --level b-lta --tsa $tsa"
echo MYNA2026 | m sign-pdf "$work/doc.pdf" --out "$work/lta.pdf" --level b-lta --tsa "$tsa" --revocation "ocsp:$ocsp" \
  --card "$card" --pin-stdin
pdfsig "$work/lta.pdf" | sed 's/^/   pdfsig: /'
pdfsig "$work/lta.pdf" 2>/dev/null | grep -q "Signer Certificate Common Name: mynacard test TSA" && echo "   ok: pdfsig shows the document time-stamp (signature 2, by the test TSA)" || { echo "   FAIL: no timestamp in pdfsig"; fail=1; }
rc=0; m verify-signature "$work/lta.pdf" --trust-anchors "$work/trust" >"$work/v1" 2>&1 || rc=$?
sed 's/^/   /' "$work/v1"; check "verify-signature of the B-LTA PDF" 0 "$rc"

echo "== sign --cms --level b-t"
printf 'contract text\n' >"$work/contract.txt"
echo MYNA2026 | m sign "$work/contract.txt" --cms --level b-t --tsa "$tsa" --out "$work/contract.p7s" --card "$card" --pin-stdin
rc=0; openssl cms -verify -binary -inform DER -in "$work/contract.p7s" -content "$work/contract.txt" \
  -CAfile "$work/trust/signing-ca.pem" -purpose any -out /dev/null 2>"$work/cms.err" || rc=$?
check "openssl cms -verify" 0 "$rc"
digest=$(python3 "$root/acceptance/ts-token.py" "$work/contract.p7s" "$work/token.der")
rc=0; openssl ts -verify -token_in -in "$work/token.der" -digest "$digest" -CAfile "$work/trust/tsa-root.pem" \
  -untrusted "$work/trust/tsa.pem" >"$work/ts.out" 2>&1 || rc=$?
sed 's/^/   openssl ts: /' "$work/ts.out" | grep -v 'configuration\|not a CA cert'
check "openssl ts -verify of the signature time-stamp against the TSA root" 0 "$rc"
echo MYNA2026 | m sign "$work/contract.txt" --cms --out "$work/bb.p7s" --card "$card" --pin-stdin >/dev/null

echo "== emulator revoke --card F signing"
m emulator revoke --card "$card" signing --reason key-compromise
rc=0; m verify-signature "$work/lta.pdf" --trust-anchors "$work/trust" >"$work/v2" 2>&1 || rc=$?
sed 's/^/   /' "$work/v2"; check "the B-LTA PDF signed before the revocation" 0 "$rc"
rc=0; m verify-signature "$work/contract.txt" --sig "$work/bb.p7s" --revocation "ocsp:$ocsp" --json >"$work/v3" 2>/dev/null || rc=$?
check "verify-signature --revocation ocsp: of a B-B signature made before" 12 "$rc"
python3 -c 'import json,sys; print("   reason:", json.load(open(sys.argv[1]))["reason"])' "$work/v3"
before=$(signing_counter)
rc=0; echo MYNA2026 | m sign-pdf "$work/doc.pdf" --out "$work/again.pdf" --card "$card" --pin-stdin 2>"$work/e4" || rc=$?
sed 's/^/   /' "$work/e4"; check "a new sign-pdf after the revocation" 12 "$rc"
check "signing counter unchanged" "$before" "$(signing_counter)"

echo "== the TSA stopped, then hanging"
m emulator reissue --card "$card" signing >/dev/null
kill "$services"; wait "$services" 2>/dev/null || true; services=
before=$(signing_counter)
start=$(date +%s.%N); rc=0
echo MYNA2026 | m sign-pdf "$work/doc.pdf" --out "$work/t1.pdf" --level b-t --tsa "$tsa" --card "$card" --pin-stdin 2>"$work/e5" || rc=$?
secs=$(python3 -c "import time; print(round(time.time()-$start,1))")
sed 's/^/   /' "$work/e5"; check "sign-pdf with the TSA stopped fails" 11 "$rc"; echo "   took ${secs} s; lines: $(wc -l <"$work/e5")"
python3 - "$port" <<'PY' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
held = []
while True:
    c, _ = s.accept(); held.append(c)
PY
hang=$!
sleep 0.5
start=$(date +%s.%N); rc=0
echo MYNA2026 | m sign-pdf "$work/doc.pdf" --out "$work/t2.pdf" --level b-t --tsa "$tsa" --card "$card" --pin-stdin 2>"$work/e6" || rc=$?
secs=$(python3 -c "import time; print(round(time.time()-$start,1))")
sed 's/^/   /' "$work/e6"; check "sign-pdf with a hanging TSA fails" 11 "$rc"; echo "   took ${secs} s; lines: $(wc -l <"$work/e6")"
python3 -c "import sys; sys.exit(0 if $secs < 10 else 1)" || { echo "   FAIL: not within 10 s"; fail=1; }
check "signing counter unchanged" "$before" "$(signing_counter)"

[ "$fail" -eq 0 ] && echo "long-term signatures: PASS" || { echo "long-term signatures: FAIL"; exit 1; }
