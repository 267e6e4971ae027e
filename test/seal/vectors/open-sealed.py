#!/usr/bin/env python3
"""Opens SealedSecrets (a JSON stream on stdin) with a PEM private key, the controller's way.

An independent check for test/seal/vectors.test.ts, using the `cryptography` package's own
RSA-OAEP (SHA-256, MGF1-SHA-256, label) and AES-GCM. The label comes from the top-level
metadata only. Prints a JSON list with one {item: plaintext} object per SealedSecret; exits 1
if any item does not open.

    python3 open-sealed.py KEY.pem < sealed.json
"""
import base64
import json
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CLUSTER = "sealedsecrets.bitnami.com/cluster-wide"
NAMESPACE = "sealedsecrets.bitnami.com/namespace-wide"


def label_for(meta):
    annotations = meta.get("annotations") or {}
    ns = meta.get("namespace") or ""
    if annotations.get(CLUSTER) == "true":
        return b""
    if annotations.get(NAMESPACE) == "true":
        return ns.encode()
    return f"{ns}/{meta.get('name') or ''}".encode()


def open_value(key, value, label):
    raw = base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True)
    n = int.from_bytes(raw[:2], "big")
    if len(raw) < 2 or len(raw) < n + 2:
        raise ValueError("too short")
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=label or None)
    session_key = key.decrypt(raw[2 : 2 + n], oaep)
    return AESGCM(session_key).decrypt(bytes(12), raw[2 + n :], None)


def main():
    with open(sys.argv[1], "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    decoder = json.JSONDecoder()
    text = sys.stdin.read()
    pos, results = 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        doc, pos = decoder.raw_decode(text, pos)
        label = label_for(doc.get("metadata") or {})
        out = {}
        for item, value in (doc.get("spec", {}).get("encryptedData") or {}).items():
            try:
                out[item] = open_value(key, value, label).decode()
            except Exception as err:  # noqa: BLE001 - report which item failed
                print(f"item {item} does not open: {type(err).__name__}", file=sys.stderr)
                sys.exit(1)
        results.append(out)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
