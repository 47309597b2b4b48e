#!/usr/bin/env bash
# USE-Lite embedding benchmark: the first N (default 1000) catalogue texts of
# ../shared/datasets/ecommerce-text/ecommerce_text.csv embedded by Debut
# (build*/bench/embed_bench) in float32 (the parity path) and bfloat16 (the
# `--precision bf16` option), and by the reference runtime (the npm package's own
# TF.js runtime, scripts/parity/embed_bench.js) in the same run, on the same items.
# Prints the JSON results, markdown rows, then a summary JSON line for bench/run.py.
# For bf16 it also prints its max |diff| to float32 and to the reference, and the
# retrieval agreement: the mean overlap of each item's 10 nearest neighbours
# (cosine) under bf16 and under float32.
#   bench/embed_bench.sh [N] [THREADS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000}
threads=${2:-$(nproc)}
csv=${DEBUT_SHARED:-$root/../shared}/datasets/ecommerce-text/ecommerce_text.csv
bin=${EMBED_BENCH:-$(ls -t "$root"/build*/bench/embed_bench 2>/dev/null | head -n1)}
[ -x "$bin" ] || { echo "embed_bench: build the embed_bench target first" >&2; exit 1; }
if [ ! -d "$root/scripts/parity/node_modules/@energetic-ai/embeddings" ]; then
  (cd "$root/scripts/parity" && npm install --no-audit --no-fund --silent) >&2
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$csv" "$n" "$tmp/texts.json" <<'PY'
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    texts = [row['text'] for _, row in zip(range(int(sys.argv[2])), csv.DictReader(f))]
json.dump(texts, open(sys.argv[3], 'w'))
PY
ours=$("$bin" "$tmp/texts.json" --threads "$threads" --repeat 2 --out "$tmp/ours.f32")
echo "debut fp32: $ours" >&2
bf16=$("$bin" "$tmp/texts.json" --threads "$threads" --repeat 2 --precision bf16 --out "$tmp/bf16.f32")
echo "debut bf16: $bf16" >&2
peer=$(cd "$root/scripts/parity" && node embed_bench.js "$tmp/texts.json" --out "$tmp/peer.f32" 2>/dev/null)
echo "reference: $peer" >&2
/usr/bin/python3 - "$ours" "$peer" "$tmp/ours.f32" "$tmp/peer.f32" "$threads" "$bf16" "$tmp/bf16.f32" <<'PY'
import json, sys
import numpy as np
o, p, q = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[6])
a, b = (np.fromfile(f, np.float32) for f in (sys.argv[3], sys.argv[4]))
diff = float(np.abs(a - b).max()) if a.shape == b.shape else float('nan')
def neighbours(x, k=10):
    x = x.reshape(-1, 512)
    s = x @ x.T
    np.fill_diagonal(s, -np.inf)
    return np.argsort(-s, axis=1)[:, :k]
def est(r):  # CPU-time estimate of the quiet-machine rate
    return r['items'] / max(r['cpu_s'] / r['threads'], 1e-9)
note = (f"{o['items']} catalogue items, {o['distinct']} distinct ({o['distinct_per_s']:.1f} distinct/s; "
        f"{o['tokens']} tokens, {o['padded_tokens']} computed); Debut {o['threads']} threads, "
        f"{o['peak_rss_mb']:.0f} MB peak RSS; reference @energetic-ai/embeddings (TF.js {p['backend']}), "
        f"{p['peak_rss_mb']:.0f} MB; max |diff| {diff:.1e}")
print(f"| USE-Lite embedding, items/s | {o['items_per_s']:.1f} | {p['items_per_s']:.1f} | "
      f"{o['items_per_s'] / p['items_per_s']:.1f}x | {note} |")
summary = {"ours_items_per_s": o['items_per_s'], "peer_items_per_s": p['items_per_s'],
           "ours_peak_rss_mb": o['peak_rss_mb'], "peer_peak_rss_mb": p['peak_rss_mb'],
           "note_fp32": note, "max_abs_diff": diff, "peer": "@energetic-ai/embeddings (TF.js)", "note": note}
if 'skipped' in q:
    note16 = f"bf16 not measured: {q['skipped']}"
    print(f"| USE-Lite embedding bf16, items/s | - | {p['items_per_s']:.1f} | - | {note16} |")
    print(f"CPU-time estimate (items per CPU-second x threads): fp32 {est(o):.0f} items/s; "
          f"tokenizer alone {o['items'] / max(o['tokenize_s'], 1e-9):.0f} items/s")
    summary.update({"bf16_skipped": q['skipped'], "note": note + "; " + note16})
else:
    c = np.fromfile(sys.argv[7], np.float32)
    diff16 = float(np.abs(c - a).max()) if a.shape == c.shape else float('nan')
    diff16p = float(np.abs(c - b).max()) if b.shape == c.shape else float('nan')
    na, nc = neighbours(a), neighbours(c)
    agree = float(np.mean([len(set(r1) & set(r2)) / r1.size for r1, r2 in zip(na, nc)]))
    top1 = float(np.mean(na[:, 0] == nc[:, 0]))
    note16 = (f"bf16 dense products ({q['distinct_per_s']:.1f} distinct/s): max |diff| {diff16:.1e} to fp32, "
              f"{diff16p:.1e} to the reference; "
              f"10-NN agreement with fp32 {agree:.3f}, top-1 {top1:.3f}; {q['peak_rss_mb']:.0f} MB peak RSS")
    print(f"| USE-Lite embedding bf16, items/s | {q['items_per_s']:.1f} | {p['items_per_s']:.1f} | "
          f"{q['items_per_s'] / p['items_per_s']:.1f}x | {note16} |")
    print(f"CPU-time estimates (items per CPU-second x threads): fp32 {est(o):.0f}, bf16 {est(q):.0f} items/s; "
          f"tokenizer alone {o['items'] / max(o['tokenize_s'], 1e-9):.0f} items/s")
    summary.update({"ours_bf16_items_per_s": q['items_per_s'], "ours_bf16_peak_rss_mb": q['peak_rss_mb'],
                    "bf16_max_abs_diff_fp32": diff16, "note_bf16": note16, "bf16_knn10_agreement": agree,
                    "note": note + "; " + note16})
print(json.dumps(summary))
PY
