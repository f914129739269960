#!/usr/bin/env bash
# Whole-process start-up time: `./mynacard status` and plain `java -jar examples/target/mynacard.jar
# status` (no launcher, no JVM flags) on an emulated card, against a hello-world jar on the same
# JVM, alternated, RUNS times each (default 9), in one run. Prints every time, the medians and the
# ratios launcher/hello and plain-jar/hello. The machine is shared and noisy: compare ratios from
# one run, not absolute times.
# Usage: bench/scripts/startup.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-9}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

# a hello-world jar, built with this JDK
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] args) { System.out.println("hello"); } }
JAVA
javac -d "$work" "$work/Hello.java"
printf 'Main-Class: Hello\n' > "$work/manifest"
jar cfm "$work/hello.jar" "$work/manifest" -C "$work" Hello.class

"$root/mynacard" emulator init --card "$work/card.state" >/dev/null   # builds the tool first when needed
"$root/mynacard" status --card "$work/card.state" >/dev/null           # one warm-up of the file system cache
java -jar "$root/examples/target/mynacard.jar" status --card "$work/card.state" >/dev/null

ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
hello=(); status=(); plain=()
for _ in $(seq 1 "$runs"); do
  hello+=("$(ms java -jar "$work/hello.jar")")
  status+=("$(ms "$root/mynacard" status --card "$work/card.state")")
  plain+=("$(ms java -jar "$root/examples/target/mynacard.jar" status --card "$work/card.state")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mh=$(median "${hello[@]}"); ms_=$(median "${status[@]}"); mp=$(median "${plain[@]}")
echo "java: $(java -version 2>&1 | head -1)"
echo "hello-world jar (ms):           ${hello[*]}"
echo "./mynacard status (ms):         ${status[*]}"
echo "java -jar mynacard.jar status:  ${plain[*]}"
echo "medians: hello ${mh} ms, ./mynacard status ${ms_} ms, java -jar status ${mp} ms"
echo "ratios: ./mynacard/hello $(ratio "$ms_" "$mh"), java -jar/hello $(ratio "$mp" "$mh")"
