#!/usr/bin/env bash
# USE-Lite embedding benchmark: the first N (default 1000) catalogue texts of
# ../shared/datasets/ecommerce-text/ecommerce_text.csv embedded by Debut
# (build*/bench/embed_bench) and by the reference runtime (the npm package's own
# TF.js runtime, scripts/parity/embed_bench.js) in the same run, on the same items.
# Prints both JSON results, a markdown row, then a summary JSON line for bench/run.py.
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
ours=$("$bin" "$tmp/texts.json" --threads "$threads" --out "$tmp/ours.f32")
echo "debut:     $ours" >&2
peer=$(cd "$root/scripts/parity" && node embed_bench.js "$tmp/texts.json" --out "$tmp/peer.f32" 2>/dev/null)
echo "reference: $peer" >&2
/usr/bin/python3 - "$ours" "$peer" "$tmp/ours.f32" "$tmp/peer.f32" "$threads" <<'PY'
import json, sys
import numpy as np
o, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
a, b = np.fromfile(sys.argv[3], np.float32), np.fromfile(sys.argv[4], np.float32)
diff = float(np.abs(a - b).max()) if a.shape == b.shape else float('nan')
note = (f"{o['items']} catalogue items; Debut {o['threads']} threads, {o['peak_rss_mb']:.0f} MB peak RSS; "
        f"reference @energetic-ai/embeddings (TF.js {p['backend']}), {p['peak_rss_mb']:.0f} MB; max |diff| {diff:.1e}")
print(f"| USE-Lite embedding, items/s | {o['items_per_s']:.1f} | {p['items_per_s']:.1f} | "
      f"{o['items_per_s'] / p['items_per_s']:.1f}x | {note} |")
print(json.dumps({"ours_items_per_s": o['items_per_s'], "peer_items_per_s": p['items_per_s'],
                  "ours_peak_rss_mb": o['peak_rss_mb'], "peer_peak_rss_mb": p['peak_rss_mb'],
                  "max_abs_diff": diff, "peer": "@energetic-ai/embeddings (TF.js)", "note": note}))
PY
