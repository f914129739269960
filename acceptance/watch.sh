#!/usr/bin/env bash
# Readers watched for cards, as a new user would run it, through pcscd with vpcd's two virtual
# readers ("Virtual PCD 00 00" on port 35963, "Virtual PCD 00 01" on 35964):
#   1. `mynacard watch --count 80` while 20 cycles serve and stop a card in both slots (the slots
#      in turn, with `mynacard emulator serve`): 80 lines, each slot alternating inserted/removed,
#      numbered without gaps, 0 lost;
#   2. `mynacard watch --run status` with two different cards served at once: each read in one
#      process on its reader's own thread, each with its own counters;
#   3. a card pulled during readCardFields (the library test through pcscd): CARD_REMOVED and its
#      counter intact.
# Needs root (or sudo) for .ci/pcsc-stack.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
bash .ci/pcsc-stack.sh >/dev/null 2>&1
work="$(mktemp -d)"
export MYNACARD_HOME="$work/home"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
m() { java -jar "$jar" "$@"; }
fail=0
ok() { echo "  ok: $*"; }
bad() { echo "  FAIL: $*"; fail=1; }
present() { m readers --json 2>/dev/null | grep -q "\"name\":\"Virtual PCD 00 0$1\",\"cardPresent\":$2"; }
await() { for _ in $(seq 1 150); do present "$1" "$2" && return 0; sleep 0.1; done; echo "slot $1 never became cardPresent=$2"; exit 1; }

m emulator init --card "$work/a.card" --name '青木　一' --seed 1 >/dev/null 2>&1
m emulator init --card "$work/b.card" --name '馬場　二' --user-pin 1357 --seed 2 >/dev/null 2>&1
echo 0000 | m verify --pin user --card "$work/a.card" --pin-stdin >/dev/null 2>&1 || true   # card A: 2 user attempts left

echo "1. mynacard watch --count 80 over 20 serve/stop cycles in both slots"
java -jar "$jar" watch --count 80 >"$work/watch.jsonl" 2>"$work/watch.err" &
watch_pid=$!; pids+=("$watch_pid")
sleep 2
t0=$(date +%s)
for cycle in $(seq 1 20); do
  for slot in 0 1; do
    java -jar "$jar" emulator serve --card "$work/a.card" --port $((35963 + slot)) >/dev/null 2>&1 &
    p=$!; await "$slot" true
    kill "$p"; wait "$p" 2>/dev/null || true
    await "$slot" false
  done
done
t1=$(date +%s)
rc=0; wait "$watch_pid" || rc=$?
echo "  20 cycles in $((t1 - t0)) s; watch exit code $rc"
changes="$(grep -v '"initial":true' "$work/watch.jsonl" | grep '"event":"card_')"
n=$(echo "$changes" | wc -l)
echo "  card lines: $n ($(echo "$changes" | grep -c card_inserted) inserted, $(echo "$changes" | grep -c card_removed) removed)"
[ "$n" -eq 80 ] && ok "80 events, 0 lost" || bad "$n events, not 80"
for slot in 0 1; do
  seq_kinds="$(echo "$changes" | grep "Virtual PCD 00 0$slot" | grep -o 'card_[a-z]*' | tr '\n' ' ')"
  expected="$(for _ in $(seq 1 20); do printf 'card_inserted card_removed '; done)"
  [ "$seq_kinds" = "$expected" ] && ok "slot $slot: 20 times inserted then removed, in order" || bad "slot $slot out of order: $seq_kinds"
done
seqs="$(grep -o '"seq":[0-9]*' "$work/watch.jsonl" | cut -d: -f2 | tr '\n' ' ')"
first=$(echo "$seqs" | awk '{print $1}'); last=$(echo "$seqs" | awk '{print $NF}')
[ "$(echo "$seqs" | wc -w)" -eq $((last - first + 1)) ] && ok "numbered $first..$last without a gap" || bad "gaps in $seqs"
tail -1 "$work/watch.jsonl" | grep -q '"stopped":"count"' && ok "last line: $(tail -1 "$work/watch.jsonl")" || bad "no summary line"

echo "2. mynacard watch --run status with two cards at once"
java -jar "$jar" watch --run status --count 2 >"$work/run.jsonl" 2>"$work/run.err" &
watch_pid=$!; pids+=("$watch_pid")
sleep 2
java -jar "$jar" emulator serve --card "$work/a.card" --port 35963 >/dev/null 2>&1 & pa=$!; pids+=("$pa")
java -jar "$jar" emulator serve --card "$work/b.card" --port 35964 >/dev/null 2>&1 & pb=$!; pids+=("$pb")
rc=0; wait "$watch_pid" || rc=$?
kill "$pa" "$pb"; wait "$pa" "$pb" 2>/dev/null || true
runs="$(grep '"event":"run"' "$work/run.jsonl" || true)"
echo "  watch exit code $rc; $(echo "$runs" | grep -c exitCode) run lines"
user_of() { echo "$runs" | grep "Virtual PCD 00 0$1" | grep -o '"pin":"user"[^}]*"remaining":[0-9]*' | grep -o '[0-9]*$'; }
ua="$(user_of 0)"; ub="$(user_of 1)"
echo "  user-authentication attempts left: card A in slot 0: $ua, card B in slot 1: $ub"
{ [ "$ua" = 2 ] && [ "$ub" = 3 ]; } && ok "each card read with its own counters" || bad "counters A=$ua B=$ub (expected 2 and 3)"
await 0 false; await 1 false

echo "3. a card pulled during readCardFields (library, through pcscd)"
mvn -o -q -pl pcsc test -Dtest='ReaderMonitorThroughPcscdTest#aCardPulled*+twoCardsReadAtOnce*' -Dsurefire.failIfNoSpecifiedTests=false \
  >"$work/mvn.log" 2>&1 || true
grep -h "<testcase" pcsc/target/surefire-reports/TEST-io.github.mynacard.pcsc.ReaderMonitorThroughPcscdTest.xml | sed 's/^ */    /' | cut -c1-160
grep -q 'failures="0"' pcsc/target/surefire-reports/TEST-io.github.mynacard.pcsc.ReaderMonitorThroughPcscdTest.xml \
  && grep -q 'errors="0"' pcsc/target/surefire-reports/TEST-io.github.mynacard.pcsc.ReaderMonitorThroughPcscdTest.xml \
  && ok "CARD_REMOVED, counter intact; two cards at once in one process" || { bad "the library tests failed"; tail -20 "$work/mvn.log"; }

[ "$fail" -eq 0 ] && echo PASS || { echo FAIL; exit 1; }
