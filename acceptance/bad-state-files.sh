#!/usr/bin/env bash
# A card state file that is not one: /dev/zero, a FIFO, a directory, a file its user cannot read,
# a file in a directory its user cannot write, a file far too large. Each run must end with exit
# code 2 and one line on standard error within a second, and with --json one failure object.
# The unreadable cases run as the user 'nobody' (root reads everything).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
work="$(mktemp -d)"; chmod 755 "$work"; trap 'rm -rf "$work"' EXIT
cp "$jar" "$work/mynacard.jar"; chmod 644 "$work/mynacard.jar"
mkfifo "$work/fifo"
mkdir "$work/dir"
java -jar "$jar" emulator init --card "$work/unreadable.state" >/dev/null; chmod 600 "$work/unreadable.state"
mkdir "$work/ro"; java -jar "$jar" emulator init --card "$work/ro/card.state" >/dev/null
chmod 644 "$work/ro/card.state"; chmod 555 "$work/ro"
head -c 5M /dev/zero > "$work/huge.state"; chmod 644 "$work/huge.state"
as_nobody=(); [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null && as_nobody=(runuser -u nobody --)
fail=0
check() {
  local what="$1" card="$2"; shift 2
  local rc=0 start end
  start=$(date +%s%N)
  "$@" java -jar "$work/mynacard.jar" status --card "$card" >"$work/out" 2>"$work/err" </dev/null || rc=$?
  end=$(date +%s%N)
  local ms=$(( (end - start) / 1000000 ))
  local jrc=0
  "$@" java -jar "$work/mynacard.jar" status --json --card "$card" >"$work/jout" 2>/dev/null </dev/null || jrc=$?
  printf '%-34s exit %d in %4d ms, %d line(s): %s\n' "$what" "$rc" "$ms" "$(wc -l <"$work/err")" "$(cat "$work/err")"
  printf '%-34s --json: exit %d, %s\n' "" "$jrc" "$(cat "$work/jout")"
  { [ "$rc" -eq 2 ] && [ "$jrc" -eq 2 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && [ "$ms" -lt 1000 ] \
      && grep -q '^{"ok":false,"command":"status","exitCode":2,' "$work/jout"; } || { echo "    FAIL"; fail=1; }
}
check "--card /dev/zero" /dev/zero
check "--card FIFO" "$work/fifo"
check "--card directory" "$work/dir"
check "--card 5 MB of zeros" "$work/huge.state"
if [ "${#as_nobody[@]}" -gt 0 ]; then
  check "--card unreadable (as nobody)" "$work/unreadable.state" "${as_nobody[@]}"
  check "--card in read-only dir (as nobody)" "$work/ro/card.state" "${as_nobody[@]}"
else
  echo "unreadable and read-only cases need root (to run as nobody): not run"
fi
chmod 755 "$work/ro"
[ "$fail" -eq 0 ] && echo "bad-state-files: PASS" || { echo "bad-state-files: FAIL"; exit 1; }
