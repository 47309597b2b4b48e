#!/usr/bin/env bash
# Builds the sample projects through the CLI exactly as scripts/run does and
# checks the counts `debut info --json` reports.
set -euo pipefail
debut=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sd="$root/sample_data"
# sample PROJECT CATALOGUE BOUGHT_LABELS STYLE_LABELS: a new project with tasks
# bought and style, as scripts/run makes it; its `info --json` in PROJECT.json
sample() {
  "$debut" new "$1"
  "$debut" import-items "$1" "$2"
  "$debut" import-labels "$1" "$3" --task bought --kind binary
  "$debut" import-labels "$1" "$4" --task style --kind multiclass
  "$debut" info "$1" --json > "$1.json"
}
p="$tmp/sample.debut"
sample "$p" "$sd/catalogue.csv" "$sd/labels_bought.csv" "$sd/labels_style.csv"
cp "$p.json" "$tmp/info.json"
cat "$tmp/info.json"
items=$(grep -c '^[A-Z][A-Z][A-Z]-[0-9]' "$sd/catalogue.csv")
bought=$(( $(wc -l < "$sd/labels_bought.csv") - 1 ))
style=$(( $(wc -l < "$sd/labels_style.csv") - 1 ))
check() {  # INFO_JSON ITEMS [TASK LABELS]...
  python3 - "$@" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
want_items = int(sys.argv[2])
assert j["items"] == want_items, f"items {j['items']} != {want_items}"
tasks = {t["name"]: t["labels"] for t in j["tasks"]}
args = sys.argv[3:]
for name, n in zip(args[::2], args[1::2]):
    assert tasks.get(name) == int(n), f"task {name}: {tasks.get(name)} labels, expected {n}"
PY
}
check "$tmp/info.json" "$items" bought "$bought" style "$style"

# Chinese catalogue: UTF-8 with BOM and the same rows in GB18030, tasks style and bought
zh_items=$(grep -c '^ZH-[0-9]' "$sd/zh/catalogue_zh.csv")
z="$tmp/zh.debut"
sample "$z" "$sd/zh/catalogue_zh.csv" "$sd/zh/labels_bought_zh.csv" "$sd/zh/labels_zh.csv"
cp "$z.json" "$tmp/zh.json"
check "$tmp/zh.json" "$zh_items" style $(( $(wc -l < "$sd/zh/labels_zh.csv") - 1 )) \
  bought $(( $(wc -l < "$sd/zh/labels_bought_zh.csv") - 1 ))
# a task named in Chinese works too
"$debut" import-labels "$z" "$sd/zh/labels_zh.csv" --task 风格 --kind multiclass
"$debut" info "$z" --json > "$tmp/zh.json"
check "$tmp/zh.json" "$zh_items" 风格 $(( $(wc -l < "$sd/zh/labels_zh.csv") - 1 ))
g="$tmp/gb.debut"
"$debut" new "$g"
"$debut" import-items "$g" "$sd/zh/catalogue_zh_gb18030.csv" --encoding gb18030
"$debut" info "$g" --json > "$tmp/gb.json"
check "$tmp/gb.json" "$zh_items"
echo "sample projects OK"
