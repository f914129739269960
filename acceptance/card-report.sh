#!/usr/bin/env bash
# Card reports and replay, as a new user would run them, through pcscd and the virtual reader:
#   1. card-report against the served emulator: every counter unchanged; none of the card's My
#      Number, name, address, birth date, certificate serial or modulus in the report; the report
#      names each application and file with its status words and lengths;
#   2. a report made with --compatible through pcscd, given to emulator init --profile: the library
#      falls back exactly as behind a reader of short APDUs (the fallback comparison of
#      CardReportsFolderTest, with the same APDUs in the same order), in-process and served.
# Needs root (or sudo) for .ci/pcsc-stack.sh. Uses vpcd's first slot (port 35963).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
bash .ci/pcsc-stack.sh >/dev/null 2>&1
work="$(mktemp -d)"
export MYNACARD_HOME="$work/home"
serve_pid=""
cleanup() { if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
m() { java -jar "$jar" "$@"; }
reader="Virtual PCD 00 00"
fail=0
ok() { echo "  ok: $*"; }
bad() { echo "  FAIL: $*"; fail=1; }

serve() { # serve CARD in slot 0 and wait until pcscd sees it
  java -jar "$jar" emulator serve --card "$1" --port 35963 >"$work/serve.log" 2>&1 &   # not through m(): $! must be java's
  serve_pid=$!
  for _ in $(seq 1 100); do
    m readers --json 2>/dev/null | grep -q "\"name\":\"$reader\",\"cardPresent\":true" && return 0
    sleep 0.1
  done
  echo "the served card did not appear in $reader"; cat "$work/serve.log"; exit 1
}
unserve() {
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
  for _ in $(seq 1 100); do
    m readers --json 2>/dev/null | grep -q "\"name\":\"$reader\",\"cardPresent\":false" && return 0
    sleep 0.1
  done
}
counters() { m status --json --card "$1" | grep -o '"pin":"[a-z-]*"[^}]*"remaining":[0-9]*' \
  | sed 's/"pin":"\([a-z-]*\)".*"remaining":\([0-9]*\)/\1=\2/' | tr '\n' ' '; }

echo "1. card-report against the served emulator"
card="$work/holder.card"
name='山田　太郎'; address='京都府京都市中京区寺町通御池上る上本能寺前町４８８番地'
m emulator init --card "$card" --name "$name" --address "$address" --birth-date 1985-07-15 --seed 99 >/dev/null 2>&1
echo 0000 | m verify --pin user --card "$card" --pin-stdin >/dev/null 2>&1 || true   # one attempt spent on purpose
serve "$card"
before="$(counters "$card")"
t0=$(date +%s%N)
m card-report --reader "$reader" --out "$work/report.json" >"$work/report.txt"
t1=$(date +%s%N)
after="$(counters "$card")"
echo "  counters before: $before"
echo "  counters after:  $after"
[ "$before" = "$after" ] && ok "every counter unchanged" || bad "a counter changed"
echo "  report: $(grep -c '"step"' "$work/report.json") commands, $(wc -c <"$work/report.json") bytes, made in $(( (t1 - t0) / 1000000 )) ms"
m cert export auth --card "$card" --format der --out "$work/auth.der" >/dev/null
serial="$(openssl x509 -inform der -in "$work/auth.der" -noout -serial | cut -d= -f2)"
modulus="$(openssl x509 -inform der -in "$work/auth.der" -noout -modulus | cut -d= -f2)"
for v in 314159265352 "$name" 太郎 "$address" 19850715 1985-07-15 "$serial" "${modulus:0:24}" "${modulus: -24}"; do
  if grep -qiF -- "$v" "$work/report.json"; then bad "the report holds '$v'"; else ok "not in the report: ${v:0:40}"; fi
done
for line in "JPKI EF 000A (user-authentication certificate): select-file 9000, read-short 9000 (256 bytes), read-extended 9000 (" \
            "JPKI EF 0018 (user-authentication PIN): pin-status-sfi 63C2" \
            "CARD_INFO EF 0001 (My Number): select-file 9000, read-protected 6982" \
            "CARD_FACE EF 0004 (key certificate (CVC)): select-file 9000, read-short 9000 (256 bytes)" \
            "resident registry AP (住基AP): select-application 6A82"; do
  grep -qF -- "$line" "$work/report.json" && ok "names: ${line:0:70}" || bad "does not name: $line"
done
echo "  the reader as the report has it: $(grep -o '"reader": {[^}]*}' "$work/report.json")"
echo "  the summary:"; grep -o '^    "[A-Z_]* [^"]*",*$' "$work/report.json" | sed 's/^ */    /' | cut -c1-150

echo "2. a report made with --compatible, replayed"
m card-report --reader "$reader" --out "$work/short.json" --compatible >/dev/null
grep -q '"shortApdusOnly": true' "$work/short.json" && ! grep -q '"form": "read-extended"' "$work/short.json" \
  && ok "the --compatible report has no extended-length command" || bad "the --compatible report has an extended form"
unserve
m emulator init --card "$work/profiled.card" --profile "$work/short.json" | sed 's/^/  /'
m cert show auth --card "$work/profiled.card" --trace >/dev/null 2>"$work/trace-inproc"
grep -q "no answer: the reader cannot carry extended-length APDUs; going on with short APDUs" "$work/trace-inproc" \
  && ok "in-process: the extended try is refused by the profile's reader, short APDUs follow" || bad "no fallback in-process"
serve "$work/profiled.card"
m cert show auth --reader "$reader" --trace >/dev/null 2>"$work/trace-served"
unserve
grep -q "no answer: the reader cannot carry extended-length APDUs; going on with short APDUs" "$work/trace-served" \
  && ok "served through pcscd: pcscd fails the extended try, short APDUs follow" || bad "no fallback through pcscd"
grep '^mynacard: trace: >' "$work/trace-inproc" >"$work/apdus-inproc"; grep '^mynacard: trace: >' "$work/trace-served" >"$work/apdus-served"
n_in=$(wc -l <"$work/apdus-inproc"); n_srv=$(wc -l <"$work/apdus-served")
# on an emulated card (--card) the command also reads the CA certificate (EF 000B) to check the
# chain against the card's test CA; the APDUs that read EF 000A come first and must be the same
echo "  APDUs of 'cert show auth': $n_in in-process (EF 000A, then the CA), $n_srv through pcscd (EF 000A)"
head -n "$n_srv" "$work/apdus-inproc" | cmp -s - "$work/apdus-served" \
  && ok "the $n_srv APDUs reading EF 000A are the same in-process and through pcscd, the refused extended try among them" \
  || bad "the APDUs through pcscd differ from those in-process"
echo "  the fallback comparison with this report (every typed operation, same APDUs as behind a reader of short APDUs):"
mvn -o -q -pl mock-card test -Dtest='CardReportsFolderTest#theCompatibleReportsProfileFallsBackExactlyAsAReaderOfShortApdus' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dmynacard.compatibleReport="$work/short.json" 2>&1 \
  | grep -E "compatible profile|FAIL|Tests run" | sed 's/^/    /' || true
grep -q "failures=\"0\"" mock-card/target/surefire-reports/TEST-io.github.mynacard.mock.CardReportsFolderTest.xml \
  && ok "the same APDUs as the fallback test" || bad "the fallback comparison failed"

[ "$fail" -eq 0 ] && echo PASS || { echo FAIL; exit 1; }
