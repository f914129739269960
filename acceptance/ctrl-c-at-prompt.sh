#!/usr/bin/env bash
# Ctrl-C at a masked prompt, under a pseudo-terminal (util-linux `script`): waits for the prompt,
# types half a PIN, sends ^C, then types a whole wrong PIN and Enter as a person who did not notice
# would. Checks that the process ended within 0.5 s, that what was typed at the prompt never showed,
# and that the counters are unchanged (nothing was sent).
# Usage: acceptance/ctrl-c-at-prompt.sh [COMMAND ARGS...]   (default: verify --pin card-info)
#        SIGNAL=TERM acceptance/ctrl-c-at-prompt.sh ...      (SIGTERM to the process instead of ^C)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
card="$work/card.state"
java -jar "$jar" emulator init --card "$card" >/dev/null
before="$(java -jar "$jar" status --card "$card" --json)"
args=("$@"); [ ${#args[@]} -gt 0 ] || args=(verify --pin card-info)
mkfifo "$work/in"
exec 3<>"$work/in"
start_ns=0
# a command started with & in a script ignores SIGINT, and so would Java; perl puts the default back
script -qfec "perl -e '\$SIG{INT}=\$SIG{TERM}=q(DEFAULT); exec @ARGV or die' java -jar '$jar' ${args[*]} --card '$card'" /dev/null <&3 >"$work/out" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q ': ' "$work/out" 2>/dev/null && break; sleep 0.05; done
sleep 0.2
if ! kill -0 "$pid" 2>/dev/null || grep -q 'error:' "$work/out"; then
  echo "FAIL: the command ended before it asked for a PIN: $(tr -d '\r' < "$work/out" | head -3)"; exit 1
fi
printf '58' >&3; sleep 0.1                        # half a PIN at the masked prompt
if [ "${SIGNAL:-INT}" = TERM ]; then
  jpid="$(pgrep -f -n "java -jar $jar")"
  start_ns=$(date +%s%N)
  kill -TERM "$jpid"
else
  start_ns=$(date +%s%N)
  printf '\003' >&3
fi
while kill -0 "$pid" 2>/dev/null; do
  if [ $(( ($(date +%s%N) - start_ns) / 1000000 )) -gt 3000 ]; then break; fi
  sleep 0.01
done
end_ns=$(date +%s%N)
printf '6174\r' >&3 2>/dev/null || true          # typed on: must never be sent
sleep 0.3
kill "$pid" 2>/dev/null && echo "FAIL: still running 3 s after ^C" && exit 1
rc=0; wait "$pid" || rc=$?
ms=$(( (end_ns - start_ns) / 1000000 ))
after="$(java -jar "$jar" status --card "$card" --json)"
echo "command: mynacard ${args[*]}"
echo "exit after ${SIGNAL:-INT}: ${ms} ms, exit status $rc"
echo "terminal showed: $(tr -d '\r' < "$work/out" | sed 's/$/⏎/' | tr -d '\n')"
if grep -q 58 "$work/out"; then echo "FAIL: what was typed at the prompt was echoed"; exit 1; fi
if [ "$before" != "$after" ]; then echo "FAIL: counters changed: $before -> $after"; exit 1; fi
echo "counters unchanged: $(echo "$after" | grep -o '"pins":.*' | head -c 200)"
[ "$ms" -le 500 ] || { echo "FAIL: exit took more than 0.5 s"; exit 1; }
echo PASS
