#!/usr/bin/env bash
# Few-shot macro-F1 / AUC at 8/16/32 labels per class, 5 seeds: Debut (head mode)
# vs TF-IDF + logistic regression on the same splits. See bench/fewshot.py.
#   bench/fewshot.sh [--seeds N] [--shots 8,16,32] [--test-per-class N] [--skip-debut]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec /usr/bin/python3 "$root/bench/fewshot.py" --debut "$root/build/app/debut" "$@"
