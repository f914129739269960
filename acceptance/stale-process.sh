#!/usr/bin/env bash
# The stale-process scenario: process A opens the card and waits for its PIN on standard input;
# meanwhile three wrong PINs from other processes block the user PIN. Then A sends a wrong PIN,
# and afterwards a new process sends the right one: both must be refused as blocked (6984), and
# the card must stay blocked.
# Usage: acceptance/stale-process.sh [user|signing]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
kind="${1:-user}"
case "$kind" in user) wrong=0000; right=4821; max=3 ;; signing) wrong=WRONG1; right=MYNA2026; max=5 ;; *) exit 2 ;; esac
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
card="$work/card.state"
left() { java -jar "$jar" status --json --card "$card" | grep -o "\"pin\":\"$kind\"[^}]*\"remaining\":[0-9]" | grep -o '[0-9]$'; }
java -jar "$jar" emulator init --card "$card" >/dev/null
mkfifo "$work/pin"; exec 3<>"$work/pin"
java -jar "$jar" verify --pin "$kind" --pin-stdin --card "$card" <"$work/pin" >"$work/a.out" 2>"$work/a.err" &
a=$!
# A reads the counter (full) and then waits for its PIN on standard input
for _ in $(seq 1 200); do grep -q pipe_read "/proc/$a/task/"*/wchan 2>/dev/null && break; sleep 0.05; done
sleep 1
echo "A is waiting for its PIN; $kind PIN: $(left)/$max attempts left"
for _ in $(seq 1 "$max"); do echo "$wrong" | java -jar "$jar" verify --pin "$kind" --pin-stdin --allow-last-attempt --card "$card" >/dev/null 2>&1 || true; done
echo "other processes sent $max wrong PINs: $(left)/$max left"
echo "$wrong" >&3
rc=0; wait "$a" || rc=$?
echo "A sent a wrong PIN: exit $rc: $(cat "$work/a.err")"
echo "after A: $(left)/$max left"
rc2=0; echo "$right" | java -jar "$jar" verify --pin "$kind" --pin-stdin --allow-last-attempt --card "$card" >/dev/null 2>"$work/b.err" || rc2=$?
echo "the right PIN afterwards: exit $rc2: $(cat "$work/b.err")"
echo "at the end: $(left)/$max left"
[ "$rc" -eq 4 ] && [ "$rc2" -eq 4 ] && [ "$(left)" -eq 0 ] && echo PASS || { echo FAIL; exit 1; }
