#!/usr/bin/env bash
# `debut export-model` + tools/debut_score.py reproduce `debut score`,
# so that a team can serve the exported model without Debut.
# A slice of the sample project (every labelled item and the first 150 others, so that it
# stays a few seconds; Korean words added to a third of them): the default auto run of
# `bought` (binary, per-segment stacked model over the encoder, lexical TF-IDF and the
# price), a classic head run of `style` (multiclass),
# an auto run of `style` held to "fused + neighbours" (the catalogue-neighbour bank) and a
# LoRA run of `bought` (adapters merged at export), and the auto run of `bought` on a slice of
# the Chinese sample (USE-Lite leaves the encoder out, so the lexicon also reads the character
# n-grams inside the English words added to a third of it: term scheme 3) are scored by Debut,
# exported, and scored again by the reference scorer under Debian's python3-torch; every (item, segment)
# score and class probability must agree within 1e-5, and the predicted labels must match.
#   export_model_parity.sh DEBUT PYTHON      exit 77 (skipped) without the encoder or torch
set -euo pipefail
debut=$1 python=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
required() { [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ] || [ "${DEBUT_REQUIRE_MODELS:-}" = 1 ]; }
skip() { if required; then echo "export_model_parity: FAILED: required, but $*" >&2; exit 1; fi
         echo "export_model_parity: SKIPPED: $*"; exit 77; }
"$python" -c 'import torch, numpy' 2>/dev/null || skip "$python has no torch/numpy (Debian: python3-torch)"
models=${DEBUT_MODELS_DIR:-$root/.cache/models}
[ -f "$models/use-lite/model.json" ] || skip "no USE-Lite model in $models (scripts/setup)"
tmp=$(mktemp -d /tmp/debut-export-model.XXXXXX); trap 'rm -rf "$tmp"' EXIT
sd="$root/sample_data"
"$python" - "$sd" "$tmp/items.csv" <<'PY'
import csv, sys
sd, out = sys.argv[1], sys.argv[2]
labelled = set()
for f in ("labels_bought.csv", "labels_style.csv"):
    labelled |= {r["item_id"] for r in csv.DictReader(open(f"{sd}/{f}", encoding="utf-8"))}
rows = list(csv.DictReader(open(f"{sd}/catalogue.csv", encoding="utf-8")))
keep = [r for i, r in enumerate(rows) if r["id"] in labelled or i < 150]
# Some Korean words (with particles) in a third of the descriptions: the lexicon reads them as
# character n-grams inside each word (scheme 2), and the reference scorer must read them alike.
for i, r in enumerate(keep):
    r["description"] += ("", " 가방을 샀어요", " 가방은 좋아요 신발")[i % 3]
w = csv.DictWriter(open(out, "w", encoding="utf-8", newline=""), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(keep)
PY
"$python" - "$sd/zh" "$tmp/items_zh.csv" <<'PY'
import csv, sys
sd, out = sys.argv[1], sys.argv[2]
labelled = {r["item_id"] for r in csv.DictReader(open(f"{sd}/labels_bought_zh.csv", encoding="utf-8-sig"))}
rows = list(csv.DictReader(open(f"{sd}/catalogue_zh.csv", encoding="utf-8-sig")))
keep = [r for i, r in enumerate(rows) if r["id"] in labelled or i < 150]
for i, r in enumerate(keep):   # English words, inflected, in a third: in-word n-grams (scheme 3)
    r["描述"] += ("", " Waterproof, waterproofed tents", " USB-C cable, İstanbul")[i % 3]
w = csv.DictWriter(open(out, "w", encoding="utf-8", newline=""), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(keep)
PY
p="$tmp/p.debut"
q() { "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; echo "export_model_parity: FAILED: $*" >&2; exit 1; }; }
q "$debut" new "$p"
q "$debut" import-items "$p" "$tmp/items.csv"
q "$debut" import-labels "$p" "$sd/labels_bought.csv" --task bought --kind binary
q "$debut" import-labels "$p" "$sd/labels_style.csv" --task style --kind multiclass

check() {  # TASK OUT_DIR: export the active run, score with Python, compare with the project
  local task=$1 dir=$2
  q "$debut" score "$p" --task "$task"
  q "$debut" export-model "$p" --task "$task" --out "$dir"
  cat "$tmp/log"
  "$python" - "$root/tools" "$p" "$task" "$dir" <<'PY'
import json, sqlite3, sys, time
sys.path.insert(0, sys.argv[1])
import debut_score
project, task, model_dir = sys.argv[2:5]
db = sqlite3.connect(project)
items = [dict(zip(("rowid", "id", "title", "description", "price", "brand", "category"), r))
         for r in db.execute("SELECT rowid, id, title, description, price, brand, category FROM items ORDER BY rowid")]
run = db.execute("SELECT r.id FROM runs r JOIN tasks t ON t.id = r.task_id WHERE t.name = ? AND r.is_active = 1",
                 (task,)).fetchone()[0]
want = {(r[0], r[1]): (r[2], json.loads(r[3]), r[4]) for r in db.execute(
    "SELECT p.item_rowid, s.name, p.score, p.probs, p.label FROM predictions p JOIN segments s ON s.id = p.segment_id "
    "WHERE p.run_id = ?", (run,))}
start = time.time()
scorer = debut_score.DebutScorer(model_dir)
pooled = scorer.embed(items)
worst, n, labels = 0.0, 0, 0
for segment in scorer.config["segments_scored"]:
    for item, r in zip(items, scorer.score(items, segment, pooled)):
        score, probs, label = want[(item["rowid"], segment)]
        d = max([abs(score - r["score"])] + [abs(a - b) for a, b in zip(probs, r["probs"])])
        worst, n = max(worst, d), n + 1
        labels += label != r["predicted_label"] and sorted(r["probs"])[-1] - sorted(r["probs"])[-2] > 1e-5
assert n == len(want), f"scored {n} pairs, the project has {len(want)}"
print(f"export_model_parity: {task}: run {run} ({scorer.config['head']}, encoder "
      f"{(scorer.config['encoder'] or {}).get('architecture', 'none')}): {n} item-segment pairs, "
      f"max |diff| {worst:.2e}, {labels} label mismatches, Python scorer {time.time() - start:.1f} s")
assert worst <= 1e-5, f"max |diff| {worst} > 1e-5"
assert labels == 0, f"{labels} predicted labels differ"
assert not [k for k in scorer.t if "lora_" in k], "LoRA adapters exported unmerged"
PY
}

q "$debut" train "$p" --task bought --threads 2 --seed 1
check bought "$tmp/bought-auto"
q "$debut" train "$p" --task style --mode head --epochs 2 --threads 2 --seed 1
check style "$tmp/style-head"
q "$debut" train "$p" --task style --threads 2 --seed 1 --candidate "fused + neighbours"
check style "$tmp/style-neighbours"
q "$debut" train "$p" --task bought --mode lora --epochs 1 --threads 2 --seed 1
check bought "$tmp/bought-lora"
en=$p p="$tmp/zh.debut"
q "$debut" new "$p"
q "$debut" import-items "$p" "$tmp/items_zh.csv"
q "$debut" import-labels "$p" "$sd/zh/labels_bought_zh.csv" --task bought --kind binary
q "$debut" train "$p" --task bought --threads 2 --seed 1
check bought "$tmp/bought-zh"
"$python" -c 'import json, sys; s = json.load(open(sys.argv[1]))["scheme"]; assert s == 3, f"lexicon scheme {s}, not 3"' \
  "$tmp/bought-zh/lexicon.json"
p=$en
# Refusals: an existing non-empty folder; a task without a run.
if "$debut" export-model "$p" --task bought --out "$tmp/bought-auto" 2>"$tmp/err"; then
  echo "export_model_parity: FAILED: exported over a non-empty folder" >&2; exit 1
fi
grep -q 'not an empty folder' "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
echo "export_model_parity: ok"
