#!/usr/bin/env bash
# Regenerates the sample data into a temporary folder and compares it with the
# committed sample_data/ (the generator is seeded, so they must be identical).
set -euo pipefail
python=${1:-/usr/bin/python3}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$python" "$root/scripts/make_sample_data.py" "$tmp" 2>/dev/null
diff -r "$root/sample_data" "$tmp"
n=$(( $(grep -c '^[A-Z][A-Z][A-Z]-[0-9]' "$root/sample_data/catalogue.csv") ))
[ "$n" -ge 1500 ] || { echo "only $n items" >&2; exit 1; }
z=$(grep -c '^ZH-[0-9]' "$root/sample_data/zh/catalogue_zh.csv")
[ "$z" -ge 2000 ] || { echo "only $z Chinese items" >&2; exit 1; }
echo "sample data reproducible ($n English items, $z Chinese items)"
