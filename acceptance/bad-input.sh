#!/usr/bin/env bash
# Bad input other than the PIN costs no attempt: sign-pdf with a text file, and with an --out that
# cannot be written, each with the wrong and with the right signing password on standard input.
# Prints the exit code, the lines on standard error and the counters before and after.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
card="$work/card.state"
java -jar "$jar" emulator init --card "$card" >/dev/null
echo "I agree." > "$work/contract.txt"
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' > "$work/real.pdf"
counters() { java -jar "$jar" status --json --card "$card" | grep -o '"pin":"[a-z-]*"[^}]*"remaining":[0-9]*' | sed 's/"pin":"\([a-z-]*\)".*"remaining":\([0-9]*\)/\1=\2/' | tr '\n' ' '; }
fail=0
check() {
  local what="$1"; shift
  for pw in WRONG1 MYNA2026; do
    local before after rc=0
    before="$(counters)"
    echo "$pw" | java -jar "$jar" "$@" --pin-stdin --card "$card" >"$work/out" 2>"$work/err" || rc=$?
    after="$(counters)"
    echo "$what, password $([ $pw = WRONG1 ] && echo wrong || echo right): exit $rc, $(wc -l <"$work/err") line(s): $(cat "$work/err")"
    echo "    counters $before -> $after"
    { [ "$rc" -eq 2 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && [ "$before" = "$after" ]; } || { echo "    FAIL"; fail=1; }
  done
}
check "sign-pdf contract.txt" sign-pdf "$work/contract.txt"
check "sign-pdf real.pdf --out /nonexistent/dir/x.pdf" sign-pdf "$work/real.pdf" --out /nonexistent/dir/x.pdf
check "sign-pdf real.pdf --out <a directory>" sign-pdf "$work/real.pdf" --out "$work"
check "sign contract.txt --out /nonexistent/dir/x.sig" sign "$work/contract.txt" --out /nonexistent/dir/x.sig
[ "$fail" -eq 0 ] && echo PASS || { echo FAIL; exit 1; }
