#!/usr/bin/env bash
# Hostile inputs against the built CLI, each under an address-space limit
# (prlimit --as): every case must end with exit status 1 and one clear
# "debut: error: …" line naming the problem — never a signal, never exit 0 —
# and the project must still open afterwards with every label.
#
# usage: tests/hostile_inputs.sh PATH/TO/debut TESTS_DATA_DIR
# DEBUT_HOSTILE_AS sets the limit in bytes (default 4 GiB: LibTorch maps a few
# hundred MiB of address space at start; the bombs below ask for more). prlimit
# takes plain byte counts ("6G" would mean 6 bytes).
set -u
DEBUT=${1:?usage: hostile_inputs.sh DEBUT TESTS_DATA_DIR}
DATA=${2:?usage: hostile_inputs.sh DEBUT TESTS_DATA_DIR}
LIMIT=${DEBUT_HOSTILE_AS:-$((4 << 30))}
work=$(mktemp -d "${TMPDIR:-/tmp}/debut_hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
cases=0

limited() { prlimit --as="$LIMIT" -- "$@"; }

# expect_error NAME NEEDLE -- ARGS...: exit 1, "debut: error:" and NEEDLE on stderr.
expect_error() {
    local name=$1 needle=$2
    shift 3
    cases=$((cases + 1))
    limited "$DEBUT" "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    if [ "$rc" -gt 128 ]; then
        echo "FAIL $name: killed by signal $((rc - 128))"; failures=$((failures + 1)); return
    fi
    if [ "$rc" -ne 1 ]; then
        echo "FAIL $name: exit $rc (want 1)"; sed 's/^/  | /' "$work/err" | tail -5; failures=$((failures + 1)); return
    fi
    if ! grep -q '^debut: error: ' "$work/err" || ! grep -qF -- "$needle" "$work/err"; then
        echo "FAIL $name: message lacks '$needle':"; sed 's/^/  | /' "$work/err" | tail -5
        failures=$((failures + 1)); return
    fi
    echo "ok   $name: $(grep '^debut: error: ' "$work/err" | head -1 | cut -c1-160)"
}

must() {
    if ! "$@" >"$work/out" 2>"$work/err"; then
        echo "setup failed: $*"; cat "$work/err"; exit 1
    fi
}

P="$work/shop.debut"
must "$DEBUT" new "$P"
must "$DEBUT" import-items "$P" "$DATA/io/items_ok.csv"
must "$DEBUT" import-labels "$P" "$DATA/io/labels_binary.csv" --task bought --kind binary
must "$DEBUT" import-labels "$P" "$DATA/io/labels_multi.csv" --task occasion
must "$DEBUT" info "$P" --json
cp "$work/out" "$work/info_before.json"
OTHER="$work/other.debut"
must "$DEBUT" new "$OTHER"

# Hostile files, made with Python's standard library only.
python3 - "$work" "$DATA" <<'PY' || { echo "setup failed: python3"; exit 1; }
import os, shutil, struct, sys, zipfile
work, data = sys.argv[1], sys.argv[2]

def X(s):  # pickle BINUNICODE
    b = s.encode(); return b"X" + struct.pack("<I", len(b)) + b
def J(v): return b"J" + struct.pack("<i", v)
def zipped(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, payload in entries:
            z.writestr(name, payload)

def folder(name, files):
    d = os.path.join(work, name); os.makedirs(d)
    shutil.copy(os.path.join(data, "bert-ref/bert/config.json"), d)
    for f in files:
        shutil.copy(os.path.join(data, "bert-ref/bert", f), d)
    return d

# 1) a view with stride 0: 2^30 floats (4 GiB) from a 4-byte storage
d = folder("zero_stride", ["vocab.txt"])
pk = (b"\x80\x02}(" + X("w") + b"ctorch._utils\n_rebuild_tensor_v2\n((" + X("storage") + b"ctorch\nFloatStorage\n"
      + X("0") + X("cpu") + J(1) + b"tQ" + J(0) + b"(" + J(1 << 30) + b"t(" + J(0) + b"t\x89}tRu.")
zipped(os.path.join(d, "pytorch_model.bin"), [("archive/data.pkl", pk), ("archive/data/0", b"\0" * 4)])

# 2) a dict holding itself 60 times through the pickle memo (60^8 walks if followed)
d = folder("self_ref", ["vocab.txt"])
pk = b"\x80\x02}r\0\0\0\0(" + b"".join(X("k%d" % i) + b"j\0\0\0\0" for i in range(60)) + b"u."
zipped(os.path.join(d, "pytorch_model.bin"), [("archive/data.pkl", pk)])

# 3) tokenizer.json with 200,000 nested Sequence normalizers (no vocab.txt to fall back on)
d = folder("deep_tokenizer", ["model.safetensors"])
n = 200000
with open(os.path.join(d, "tokenizer.json"), "w") as f:
    f.write('{"model":{"type":"WordPiece","vocab":{"[UNK]":0,"a":1}},"normalizer":')
    f.write('{"type":"Sequence","normalizers":[' * n + '{"type":"Lowercase"}' + "]}" * n + "}")

# 4) a JSON Lines catalogue whose only row nests 500,000 deep
with open(os.path.join(work, "deep.jsonl"), "w") as f:
    f.write('{"id":"d1","title":"deep","extra":' + "[" * 500000 + "]" * 500000 + "}\n")

# 4b) a CSV catalogue with one 50 MB line of commas
with open(os.path.join(work, "commas.csv"), "w") as f:
    f.write("id,title\n" + "," * (50 << 20) + "\n")

# 4c) JSON Lines rows each bringing a new key
with open(os.path.join(work, "keys.jsonl"), "w") as f:
    for k in range(20000):
        f.write('{"id":"k%d","title":"t","key%d":1}\n' % (k, k))

# 5) a truncated project (no -wal), 6) an SQLite file of another program
src = open(os.path.join(work, "shop.debut"), "rb").read()
open(os.path.join(work, "truncated.debut"), "wb").write(src[:5000])
import sqlite3
c = sqlite3.connect(os.path.join(work, "foreign.db")); c.execute("create table t(x)"); c.commit(); c.close()

# 7) a project whose stored model declares a 2^40 x 2^40 tensor over 16 bytes
import json
shutil.copy(os.path.join(work, "shop.debut"), os.path.join(work, "model.debut"))
h = json.dumps({"__metadata__": {"format": "debut-checkpoint", "version": "2", "meta": "{}"},
                "head.weight": {"dtype": "F32", "shape": [1 << 40, 1 << 40], "data_offsets": [0, 16]}}).encode()
blob = struct.pack("<Q", len(h)) + h + bytes(16)
c = sqlite3.connect(os.path.join(work, "model.debut"))
task = c.execute("select id from tasks where name = 'bought'").fetchone()[0]
c.execute("insert into runs(id, task_id, name, status) values(1, ?, 'hostile', 'done')", (task,))
import hashlib  # a correct checksum: the bytes must get as far as the model reader
c.execute("insert into artefacts(run_id, kind, path, sha256, size, created_at, data) "
          "values(1, 'classifier', 'runs/hostile/classifier.pt', ?, ?, '', ?)",
          (hashlib.sha256(blob).hexdigest(), len(blob), blob))
c.commit(); c.close()
PY

expect_error "export over the project"        "the project file itself" -- export "$P" --task bought --out "$P"
expect_error "export over its -wal"           "-wal file"               -- export "$P" --task bought --out "$P-wal"
expect_error "export over its -shm"           "-shm file"               -- export "$P" --task bought --out "$P-shm"
expect_error "export via a symlink"           "the project file itself" -- export "$P" --task bought --out "$(ln -s "$P" "$work/link.csv"; echo "$work/link.csv")"
expect_error "export over another project"    "a Debut project"         -- export "$P" --task bought --out "$OTHER"
expect_error "labels before the catalogue"    "no label imported"       -- import-labels "$OTHER" "$DATA/io/labels_binary.csv" --task bought
expect_error "labels none of which fit"       "no label imported"       -- import-labels "$P" "$DATA/io/labels_multi.csv" --task stars --kind binary
expect_error "JSONL nested 500,000 deep"      "nested deeper than"      -- import-items "$P" "$work/deep.jsonl"
expect_error "CSV line of 50 MB of commas"    "fields in one record"    -- import-items "$P" "$work/commas.csv"
expect_error "JSONL with a new key per row"   "distinct keys"           -- import-items "$P" "$work/keys.jsonl"
expect_error ".bin with a zero stride"        "repeats its storage"     -- encode "$P" --out "$work/e.csv" --encoder "$work/zero_stride"
expect_error ".bin dict holding itself"       "contains itself"         -- encode "$P" --out "$work/e.csv" --encoder "$work/self_ref"
expect_error "tokenizer.json nested deep"     "nested deeper than"      -- encode "$P" --out "$work/e.csv" --encoder "$work/deep_tokenizer"
expect_error "truncated project"              "truncated"               -- info "$work/truncated.debut"
expect_error "another program's database"     "not a Debut project"     -- info "$work/foreign.db"
expect_error "stored model, 2^40 x 2^40 shape" "stored model"           -- score "$work/model.debut" --task bought

# The project opens, with every label it had.
cases=$((cases + 1))
if "$DEBUT" info "$P" --json >"$work/info_after.json" 2>"$work/err" && cmp -s "$work/info_before.json" "$work/info_after.json"; then
    echo "ok   project opens afterwards with every label"
else
    echo "FAIL project changed or does not open:"; diff "$work/info_before.json" "$work/info_after.json" | head; cat "$work/err"
    failures=$((failures + 1))
fi

echo "$((cases - failures)) of $cases hostile-input cases passed (address space limited to $LIMIT)"
[ "$failures" -eq 0 ]
