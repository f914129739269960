#!/usr/bin/env bash
# The whole card, as a user runs it: mynacard face on a new emulated card writes a PNG photo (and
# the card's JPEG 2000, which OpenJPEG's opj_decompress decodes); the face signature verifies
# with the emulator's test authority and fails after one byte of the photo changes; a wrong
# 照合番号B spends exactly one of its 10 attempts, a malformed one none; fields with 照合番号B
# equal the PIN's; two emulator init runs give two cards, one seed gives one card.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mynacard.jar"
[ -f "$jar" ] || "$root/mynacard" --version >/dev/null
m() { java -jar "$jar" "$@"; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
card="$work/card.state"
fail=0
b=$(m emulator init --card "$card" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["numberB"])')
echo "== face (照合番号B on standard input)"
echo "$b" | m face --card "$card" --pin-stdin --out-dir "$work/face" --check-authenticity || fail=1
file "$work/face/photo.png" "$work/face/photo.jp2" | sed "s|$work/||"
opj_decompress -i "$work/face/photo.jp2" -o "$work/opj.png" >/dev/null 2>&1 && echo "opj_decompress: decoded ($(file -b "$work/opj.png"))" || { echo "opj_decompress: FAILED"; fail=1; }
[ "${KEEP_PHOTO:-}" ] && cp "$work/face/photo.png" "$KEEP_PHOTO"
echo "== one byte of the photo changed on the card"
cat > "$work/Flip.java" <<'JAVA'
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.*;
public class Flip {
    public static void main(String[] a) throws Exception {
        MynaCardEmulator e = MynaCardEmulator.load(Path.of(a[0]));
        byte[] ef = e.fileContent(MynaCardEmulator.CARD_FACE_AID, 2);
        byte[] jp2 = Files.readAllBytes(Path.of(a[1]));
        for (int i = 0; i + jp2.length <= ef.length; i++) {
            if (java.util.Arrays.equals(ef, i, i + jp2.length, jp2, 0, jp2.length)) {
                ef[i + jp2.length / 2] ^= 1;
                e.overwriteFile(MynaCardEmulator.CARD_FACE_AID, 2, ef);
                System.out.println("flipped byte " + (i + jp2.length / 2) + " of EF 0002 (in the photo)");
                return;
            }
        }
        throw new IllegalStateException("photo not found");
    }
}
JAVA
java -cp "$jar" "$work/Flip.java" "$card" "$work/face/photo.jp2"
rc=0; echo "$b" | m face --card "$card" --pin-stdin --out-dir "$work/face2" --check-authenticity >"$work/out" 2>&1 || rc=$?
grep Authenticity "$work/out"; echo "exit $rc"; [ "$rc" = 8 ] || fail=1
counter() { m status --card "$1" --json | python3 -c "import json,sys; print([p['remaining'] for p in json.load(sys.stdin)['verificationNumbers'] if p['pin']=='$2'][0])"; }
echo "== a wrong and a malformed 照合番号B"
card2="$work/card2.state"
b2=$(m emulator init --card "$card2" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["numberB"])')
wrong="${b2:0:13}$(( (${b2:13:1} + 1) % 10 ))"
before=$(counter "$card2" face-b); rc=0
echo "$wrong" | m face --card "$card2" --pin-stdin --out-dir "$work/f3" 2>"$work/err" || rc=$?
after=$(counter "$card2" face-b)
echo "wrong: exit $rc, counter $before -> $after: $(cat "$work/err")"; [ "$rc" = 3 ] && [ "$after" = $((before - 1)) ] || fail=1
rc=0; echo "1234567890123" | m face --card "$card2" --pin-stdin --out-dir "$work/f3" 2>"$work/err" || rc=$?
again=$(counter "$card2" face-b)
echo "malformed (13 digits): exit $rc, counter $after -> $again: $(cat "$work/err")"; [ "$rc" = 2 ] && [ "$again" = "$after" ] || fail=1
echo "== fields with 照合番号B and with the PIN"
byb=$(echo "$b2" | m fields --with pin-b --card "$card2" --pin-stdin --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["name"], d["address"], d["birthDate"], d["sex"])')
bypin=$(echo 7364 | m fields --card "$card2" --pin-stdin --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["name"], d["address"], d["birthDate"], d["sex"])')
echo "B:   $byb"; echo "PIN: $bypin"; [ "$byb" = "$bypin" ] || fail=1
echo "== two cards, and one seed"
for n in a b; do m emulator init --card "$work/$n.state" >/dev/null; done
for n in c d; do m emulator init --card "$work/$n.state" --seed 42 >/dev/null; done
fp() { m cert show "$1" --card "$work/$2.state" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["serialNumber"], d["sha256"][:16])'; }
echo "init, init:        auth $(fp auth a) | $(fp auth b)"
echo "init --seed 42 x2: auth $(fp auth c) | $(fp auth d)"
[ "$(fp auth a)" != "$(fp auth b)" ] && [ "$(fp auth c)" = "$(fp auth d)" ] || fail=1
[ "$fail" -eq 0 ] && echo "card-face: PASS" || { echo "card-face: FAIL"; exit 1; }
