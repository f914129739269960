# Extracts from a CMS (DER) the signature value of its first SignerInfo and the signature
# time-stamp token (a ContentInfo) from openssl asn1parse's listing; prints the token file and
# the SHA-256 of the signature value, for openssl ts -verify -digest.
import hashlib, re, subprocess, sys
cms, out = sys.argv[1], sys.argv[2]
data = open(cms, "rb").read()
lines = subprocess.run(["openssl", "asn1parse", "-inform", "DER", "-in", cms], capture_output=True, text=True, check=True).stdout.splitlines()
rx = re.compile(r"\s*(\d+):d=\s*(\d+)\s+hl=\s*(\d+)\s+l=\s*(\d+)\s+(\w+):\s*(.*)")
rows = [m.groups() for m in map(rx.match, lines) if m]
idx = next(i for i, r in enumerate(rows) if "timeStampToken" in r[5])
sig = [r for r in rows[:idx] if r[5].startswith("OCTET STRING") and r[3] == "256"][-1]
off, hl, ln = int(sig[0]), int(sig[2]), int(sig[3])
digest = hashlib.sha256(data[off + hl:off + hl + ln]).hexdigest()
tok = next(r for r in rows[idx + 1:] if r[5].startswith("SEQUENCE"))
off, hl, ln = int(tok[0]), int(tok[2]), int(tok[3])
open(out, "wb").write(data[off:off + hl + ln])
print(digest)
