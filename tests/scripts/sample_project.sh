#!/usr/bin/env bash
# Builds the sample projects through the CLI exactly as scripts/run does and
# checks the counts `debut info --json` reports.
set -euo pipefail
debut=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sd="$root/sample_data"
p="$tmp/sample.debut"
"$debut" new "$p"
"$debut" import-items "$p" "$sd/catalogue.csv"
"$debut" import-labels "$p" "$sd/labels_bought.csv" --task bought --kind binary
"$debut" import-labels "$p" "$sd/labels_style.csv" --task style --kind multiclass
"$debut" info "$p" --json > "$tmp/info.json"
cat "$tmp/info.json"
items=$(grep -c '^[A-Z][A-Z][A-Z]-[0-9]' "$sd/catalogue.csv")
labels=$(( $(wc -l < "$sd/labels_bought.csv") + $(wc -l < "$sd/labels_style.csv") - 2 ))
grep -q "\b$items\b" "$tmp/info.json" || { echo "info does not report $items items" >&2; exit 1; }
grep -q "\b$labels\b" "$tmp/info.json" || { echo "info does not report $labels labels" >&2; exit 1; }
grep -q '"bought"' "$tmp/info.json" && grep -q '"style"' "$tmp/info.json" \
  || { echo "info lacks the tasks bought/style" >&2; exit 1; }

# Chinese catalogue: UTF-8 with BOM and the same rows in GB18030
z="$tmp/zh.debut"
"$debut" new "$z"
"$debut" import-items "$z" "$sd/zh/catalogue_zh.csv"
"$debut" import-labels "$z" "$sd/zh/labels_zh.csv" --task 风格 --kind multiclass
"$debut" info "$z" --json > "$tmp/zh.json"
grep -q '\b200\b' "$tmp/zh.json" || { echo "zh: info does not report 200 items" >&2; exit 1; }
g="$tmp/gb.debut"
"$debut" new "$g"
"$debut" import-items "$g" "$sd/zh/catalogue_zh_gb18030.csv" --encoding gb18030
"$debut" info "$g" --json > "$tmp/gb.json"
grep -q '\b200\b' "$tmp/gb.json" || { echo "gb18030: info does not report 200 items" >&2; exit 1; }
echo "sample projects OK"
