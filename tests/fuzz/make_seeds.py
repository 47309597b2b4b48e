#!/usr/bin/python3
"""Seed corpora for the libFuzzer targets (stdlib only), written under OUT/<target>/.
  make_seeds.py OUT [DEBUT_CLI]
With DEBUT_CLI (a built `debut`), the project seeds are real projects made by it;
otherwise a minimal SQLite file with Debut's application_id and user_version."""
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def put(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def tables(out):
    # selector: byte 0 = format (0 auto, 1 csv, 2 tsv, 3 jsonl) | extension << 2 (0 .csv, 1 .tsv, 2 .jsonl, 3 .txt);
    # byte 1 = encoding (0 auto, 1 utf-8, 2 gb18030) + 4 * header (0 auto, 1 present, 2 absent) + 16 * delimiter
    csv_text = open(os.path.join(ROOT, "sample_data/catalogue.csv"), "rb").read()[:6000]
    put(out, "fuzz_tablereader", "sample_csv", b"\x01\x00" + csv_text)
    put(out, "fuzz_tablereader", "auto_csv", b"\x00\x00" + csv_text[:2000])
    zh = open(os.path.join(ROOT, "sample_data/zh/catalogue_zh.csv"), "rb").read()[:3000]
    put(out, "fuzz_tablereader", "zh_bom", b"\x00\x00" + zh)
    gb = open(os.path.join(ROOT, "sample_data/zh/catalogue_zh_gb18030.csv"), "rb").read()[:3000]
    put(out, "fuzz_tablereader", "zh_gb18030", b"\x00\x02" + gb)
    put(out, "fuzz_tablereader", "tsv", b"\x06\x00id\ttitle\tprice\nA1\tLamp\t9.99\nA2\t\"Quoted\ttab\"\t1,5\n")
    put(out, "fuzz_tablereader", "jsonl",
        b"\x0b\x00" + b'{"id":"a","title":"T","price":3.5,"tags":["x"]}\n{"id":"b","title":"U","extra":{"k":1}}\nnot json\n')
    put(out, "fuzz_tablereader", "quotes", b"\x01\x05id,title,description\n1,\"a,b\",\"multi\nline \"\"q\"\"\"\r\n2,x\n")


def safetensors(out):
    def st(header, data):
        h = json.dumps(header).encode()
        h += b" " * (-len(h) % 8)
        return struct.pack("<Q", len(h)) + h + data
    put(out, "fuzz_safetensors", "f32", st({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                                            "__metadata__": {"format": "pt"}}, struct.pack("<4f", 1, 2, 3, 4)))
    put(out, "fuzz_safetensors", "mixed", st({"a": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]},
                                              "b": {"dtype": "I64", "shape": [1], "data_offsets": [4, 12]},
                                              "c": {"dtype": "BF16", "shape": [], "data_offsets": [12, 14]}},
                                             b"\x00<\x00@" + struct.pack("<q", 7) + b"\x80?"))


def checkpoints(out):
    # Version 2: safetensors whose metadata names a Debut checkpoint; the meta is a
    # classifier configuration matching its head tensors (side_dim 2, 1 brand,
    # 0 categories, 1 segment, encoder dim 4: head.weight [2, 4 + 2 + 6]).
    meta = json.dumps({"format": "debut-classifier", "version": 1, "kind": "binary", "labels": ["0", "1"],
                       "encoder_spec": "use-lite", "encoder_state": "base", "brands": ["acme"],
                       "categories": [], "segments": [""], "side_dim": 2})
    shapes = {"brand.weight": [2, 2], "category.weight": [1, 2], "segment.weight": [2, 2],
              "head.weight": [2, 12], "head.bias": [2]}
    header, data = {}, b""
    for name, shape in shapes.items():
        n = 1
        for d in shape:
            n *= d
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(data), len(data) + 4 * n]}
        data += struct.pack("<%df" % n, *[0.25 * k for k in range(n)])
    header["__metadata__"] = {"format": "debut-checkpoint", "version": "2", "meta": meta}
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    put(out, "fuzz_checkpoint", "classifier_v2", struct.pack("<Q", len(h)) + h + data)
    # Version 1: the zip archive of earlier builds (hand-made pickle, stored entries).
    def s(v):
        v = v.encode()
        return b"X" + struct.pack("<I", len(v)) + v
    pk = (b"\x80\x02}(" + s("format") + s("debut-checkpoint") + s("version") + b"K\x01" + s("meta") + s("{}") +
          s("tensors") + b"}(" + s("w") + b"ctorch._utils\n_rebuild_tensor_v2\n((" + s("storage") +
          b"ctorch\nFloatStorage\n" + s("0") + s("cpu") + b"K\x04tQK\x00(K\x02K\x02t(K\x02K\x01t\x89}tRuu.")
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", pk)
        z.writestr("archive/data/0", struct.pack("<4f", 1, 2, 3, 4))
    put(out, "fuzz_checkpoint", "tensors_v1", buf.getvalue())


def torchbin(out):
    src = os.path.join(ROOT, "tests/data/torchbin/tiny.bin")
    if os.path.exists(src):
        put(out, "fuzz_torchbin", "tiny.bin", open(src, "rb").read())


def tfjs(out):
    manifest = {"weightsManifest": [{"paths": ["s"], "weights": [
        {"name": "emb", "shape": [3, 2], "dtype": "float32"},
        {"name": "n", "shape": [], "dtype": "int32"},
        {"name": "v", "shape": [2], "dtype": "float32"}]}]}
    j = json.dumps(manifest).encode()
    shard = struct.pack("<6f", *range(6)) + struct.pack("<i", 4) + struct.pack("<2f", 0.5, -1)
    put(out, "fuzz_tfjsweights", "small", struct.pack("<H", len(j)) + j + shard)


def projects(out, cli):
    d = os.path.join(out, "fuzz_projectstore")
    os.makedirs(d, exist_ok=True)
    if cli and os.access(cli, os.X_OK):
        tmp = os.path.join(d, "tmp")
        os.makedirs(tmp, exist_ok=True)
        p = os.path.join(tmp, "seed.debut")
        small = os.path.join(tmp, "items.csv")
        with open(small, "w") as f:
            f.write("id,title,price\nA,Lamp,3\nB,Chair,\n")
        ok = subprocess.run([cli, "new", p], capture_output=True).returncode == 0 and \
            subprocess.run([cli, "import-items", p, small], capture_output=True).returncode == 0
        if ok:
            shutil.copy(p, os.path.join(d, "project.debut"))
            shutil.rmtree(tmp)
            return
        shutil.rmtree(tmp)
    p = os.path.join(d, "minimal.debut")
    if os.path.exists(p):
        os.remove(p)
    db = sqlite3.connect(p)
    db.execute("PRAGMA application_id=%d" % 0x44425554)
    db.execute("PRAGMA user_version=1")
    db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.commit()
    db.close()


def main():
    out = sys.argv[1]
    cli = sys.argv[2] if len(sys.argv) > 2 else None
    tables(out)
    safetensors(out)
    torchbin(out)
    checkpoints(out)
    tfjs(out)
    projects(out, cli)


if __name__ == "__main__":
    main()
