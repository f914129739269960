#!/usr/bin/env bash
# SIGKILL at random steps of the emulator's saves, N times (default 200): each kill hits a process
# paused inside a save of a VERIFY (spend, or restore), at a random step of the atomic write. After
# each kill: the card loads, no counter is restored that no successful VERIFY restored, and the next
# open leaves no temporary file. Runs the suite's KillDuringSaveTest with more kills.
# Usage: acceptance/kills-during-saves.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
mvn -B -q -o install -DskipTests -pl core,mock-card -am >/dev/null 2>&1 || mvn -B -q install -DskipTests -pl core,mock-card -am
mvn -B -o test -pl mock-card -Dtest=KillDuringSaveTest -Dmynacard.kills="$n" -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep -E "KillDuringSaveTest:|Tests run:|FAIL|expected" | head -5
