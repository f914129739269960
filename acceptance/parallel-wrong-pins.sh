#!/usr/bin/env bash
# N parallel `mynacard verify` processes with a wrong PIN on one fresh card file, for R rounds:
# counts the answers "wrong PIN" (SW 63Cx) and the attempts spent on the card, round by round.
# Usage: acceptance/parallel-wrong-pins.sh [user|signing] [PROCESSES=8] [ROUNDS=50]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
kind="${1:-user}"; procs="${2:-8}"; rounds="${3:-50}"
case "$kind" in user) wrong=0000; max=3 ;; signing) wrong=WRONG1; max=5 ;; *) echo "user or signing" >&2; exit 2 ;; esac
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
answered_total=0; spent_total=0; bad_rounds=0; blocked_rounds=0
for r in $(seq 1 "$rounds"); do
  card="$work/card-$r.state"
  java -jar "$jar" emulator init --card "$card" >/dev/null
  for p in $(seq 1 "$procs"); do
    echo "$wrong" | java -jar "$jar" verify --pin "$kind" --pin-stdin --allow-last-attempt --card "$card" \
      >/dev/null 2>"$work/err.$p" &
  done
  wait || true
  answered=$(cat "$work"/err.* | grep -c '\[SW 63C' || true)
  blocked_answers=$(cat "$work"/err.* | grep -c '\[SW 63C0' || true)
  left=$(java -jar "$jar" status --json --card "$card" | grep -o "\"pin\":\"$kind\"[^}]*\"remaining\":[0-9]" | grep -o '[0-9]$')
  spent=$((max - left))
  answered_total=$((answered_total + answered)); spent_total=$((spent_total + spent))
  [ "$left" -eq 0 ] && blocked_rounds=$((blocked_rounds + 1))
  if [ "$answered" -ne "$spent" ] || { [ "$left" -eq 0 ] && [ "$blocked_answers" -ne 1 ]; } || { [ "$left" -ne 0 ] && [ "$blocked_answers" -ne 0 ]; }; then
    bad_rounds=$((bad_rounds + 1)); echo "round $r: answered $answered, spent $spent, told blocked $blocked_answers, left $left"
  fi
  rm -f "$work"/err.*
done
echo "$kind: $procs processes x $rounds rounds: $answered_total answered 63Cx, $spent_total spent, lost $((answered_total - spent_total)); blocked in $blocked_rounds rounds; rounds where answers and card disagree: $bad_rounds"
[ "$bad_rounds" -eq 0 ]
