#!/usr/bin/env bash
# Two workers on loopback (c10d: TCPStore + Gloo, started the way torchrun starts
# them: MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK) against one process
# with the same global batch and seed, on the sample catalogue with a small scratch
# encoder (no downloaded model, dropout 0 so that the two runs draw the same numbers):
#   1. `debut pretrain` (masked LM): every epoch's train and held-out loss agree;
#   2. `debut train --mode full` on the pretrained encoder: every epoch's loss and
#      dev metric agree, and rank 0 alone wrote the run;
#   3. `debut score` of one trained model: the exported ranked lists are identical
#      (the catalogue's pages are split between the workers and gathered to rank 0);
#   4. the same scoring started by torchrun (when a Python with torch is at hand);
#   5. other commands run on rank 0 alone, and inconsistent variables are named.
#   distributed.sh DEBUT SAMPLE_DATA_DIR      exit 77 (skipped) when the build has no c10d
set -uo pipefail
debut=$1 sd=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/debut-dist.XXXXXX")
trap "[ -n \"${KEEP:-}\" ] || rm -rf \"$tmp\"" EXIT
py=/usr/bin/python3
[ -x "$py" ] || py=python3
fail() { echo "distributed: FAILED: $*" >&2; exit 1; }
q() { "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; fail "$*"; }; }

# workers OUT_PREFIX ARGS...: `debut ARGS` as ranks 0 and 1 of a group of 2.
workers() {
    local out=$1 port=$((20000 + RANDOM % 30000))
    shift
    env MASTER_ADDR=127.0.0.1 MASTER_PORT=$port WORLD_SIZE=2 RANK=1 LOCAL_RANK=1 \
        timeout 600 "$debut" "$@" >"$out.1" 2>"$out.1.err" &
    local pid=$!
    env MASTER_ADDR=127.0.0.1 MASTER_PORT=$port WORLD_SIZE=2 RANK=0 LOCAL_RANK=0 \
        timeout 600 "$debut" "$@" >"$out.0" 2>"$out.0.err"
    local rc0=$?
    wait "$pid"
    local rc1=$?
    if [ $rc0 -ne 0 ] || [ $rc1 -ne 0 ]; then
        tail -5 "$out.0.err" "$out.1.err" >&2
        if grep -q "no distributed engine" "$out.0.err"; then
            case "${CI:-}" in true | 1) fail "CI builds with c10d/Gloo (scripts/setup installs libgloo-dev)" ;; esac
            echo "distributed: SKIPPED: this build has no c10d/Gloo"
            exit 77
        fi
        fail "workers exited $rc0 / $rc1: $*"
    fi
}

# same A B WHAT: the numbers in two outputs agree to a relative 1e-4.
same() {
    $py - "$1" "$2" "$3" <<'PY' || fail "$3 differ between 1 and 2 workers"
import re, sys
a, b, what = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
num = r"-?\d+\.\d+(?:e-?\d+)?"
x, y = [float(v) for v in re.findall(num, a)], [float(v) for v in re.findall(num, b)]
if not x or len(x) != len(y):
    sys.exit(f"{what}: {len(x)} numbers against {len(y)}")
worst = max(abs(p - q) / max(abs(p), abs(q), 1e-3) for p, q in zip(x, y))
print(f"{what}: {len(x)} numbers agree, largest relative difference {worst:.2e}")
sys.exit(0 if worst <= 1e-4 else 1)
PY
}

p1="$tmp/one.debut" p2="$tmp/two.debut"
q "$debut" new "$p1"
q "$debut" import-items "$p1" "$sd/catalogue.csv"
q "$debut" import-labels "$p1" "$sd/labels_bought.csv" --task bought --kind binary
cp "$p1" "$p2"

small=(--encoder scratch --epochs 2 --batch 16 --layers 1 --width 32 --heads 2 --ffn 64 --max-length 32
       --vocab-size 600 --dropout 0 --seed 3 --threads 1)
# one OUT ARGS...: `debut ARGS` as one process, stdout to OUT.
one() {
    local out=$1
    shift
    "$debut" "$@" >"$out" 2>"$out.err" || { tail -5 "$out.err" >&2; fail "$*"; }
}
epochs() {  # the per-epoch numbers of `train --json`: loss, dev loss, dev metric
    $py - "$1" <<'PY'
import json, sys
for e in json.load(open(sys.argv[1]))["epochs"]:
    print("%d %.6f %.6f %.6f" % (e["epoch"], e["train_loss"], e.get("dev_loss") or 0, e.get("dev_metric") or 0))
PY
}

one "$tmp/pretrain.one" pretrain "$p1" "${small[@]}"
workers "$tmp/pretrain" pretrain "$p2" "${small[@]}"
[ -s "$tmp/pretrain.1" ] && fail "rank 1 printed a report (rank 0 reports)"
# the epoch lines without their timing ("…, 1.2 s)")
grep '^epoch' "$tmp/pretrain.one" | sed -E 's/, [0-9.]+ s\)$/)/' >"$tmp/pretrain.a"
grep '^epoch' "$tmp/pretrain.0" | sed -E 's/, [0-9.]+ s\)$/)/' >"$tmp/pretrain.b"
same "$tmp/pretrain.a" "$tmp/pretrain.b" "pretraining losses (per epoch: train, held-out, perplexity)"

# Both trainings start from the one-process encoder: the two pretrainings agree to
# rounding, and the head's start (a logistic regression fitted by L-BFGS) carries a
# rounding difference of the encoder into the losses (~1e-2 relative). The old
# project's WAL files go too (SQLite would replay them onto the copy).
rm -f "$p2" "$p2-wal" "$p2-shm"
cp "$p1" "$p2"
for f in "$p1-wal" "$p1-shm"; do [ -e "$f" ] && cp "$f" "$p2${f#"$p1"}"; done
tune=(--task bought --mode full --encoder pretrained:1 --epochs 2 --batch 8 --dropout 0 --seed 5 --threads 1 --json)
one "$tmp/train.one" train "$p1" "${tune[@]}"
workers "$tmp/train" train "$p2" "${tune[@]}"
epochs "$tmp/train.one" >"$tmp/train.a" || fail "no epochs in train --json"
epochs "$tmp/train.0" >"$tmp/train.b" || fail "no epochs in rank 0's train --json"
same "$tmp/train.a" "$tmp/train.b" "full-mode training (per epoch: loss, dev metric)"
runs=$($py -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM runs").fetchone()[0])' "$p2")
[ "$runs" = 1 ] || fail "$runs runs after one 2-worker train (only rank 0 writes)"

# One model, scored by one process and by two workers.
cp "$p1" "$tmp/three.debut"
q "$debut" score "$p1" --task bought
workers "$tmp/score" score "$tmp/three.debut" --task bought
q "$debut" export "$p1" --task bought --out "$tmp/one.csv"
q "$debut" export "$tmp/three.debut" --task bought --out "$tmp/two.csv"
cmp -s "$tmp/one.csv" "$tmp/two.csv" || { diff "$tmp/one.csv" "$tmp/two.csv" | head >&2; fail "ranked lists differ"; }
echo "scoring: $(($(wc -l <"$tmp/one.csv") - 1)) exported rows identical"

# The same through torchrun (Debian's python3-torch; tools/torchrun.py mends its Python 3.11
# start-up), where a Python with torch is at hand: torchrun's own rendezvous sets the variables.
root=$(cd "$(dirname "$0")/../.." && pwd)
if $py -c 'import torch.distributed.run' 2>/dev/null; then
    cp "$p1" "$tmp/four.debut"
    # torchrun gives each worker OMP_NUM_THREADS=1 unless set: the same threads as above, the same sums
    OMP_NUM_THREADS=$(nproc) timeout 600 $py "$root/tools/torchrun.py" --standalone --nproc_per_node=2 --no_python \
        "$debut" score "$tmp/four.debut" --task bought >"$tmp/torchrun.out" 2>"$tmp/torchrun.err" ||
        { tail -5 "$tmp/torchrun.err" >&2; fail "torchrun score"; }
    q "$debut" export "$tmp/four.debut" --task bought --out "$tmp/four.csv"
    cmp -s "$tmp/one.csv" "$tmp/four.csv" || fail "torchrun's ranked list differs"
    echo "torchrun: 2 workers' ranked list identical"
else
    echo "torchrun: not run ($py has no torch)"
fi
# Commands that do not run as workers: rank 0 alone; the others exit 0 at once.
out=$(env MASTER_ADDR=127.0.0.1 MASTER_PORT=1 WORLD_SIZE=2 RANK=1 timeout 60 "$debut" info "$p1" 2>&1) ||
    fail "rank 1 of \`debut info\` exited $?"
case "$out" in *"runs on rank 0 alone"*) ;; *) fail "rank 1 of \`debut info\`: $out" ;; esac
env MASTER_ADDR=127.0.0.1 WORLD_SIZE=2 RANK=2 "$debut" info "$p1" >/dev/null 2>"$tmp/err" && fail "RANK=2 of 2 accepted"
grep -q "RANK='2'" "$tmp/err" || fail "RANK=2 of 2: $(cat "$tmp/err")"
echo "distributed: ok"
