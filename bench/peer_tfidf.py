#!/usr/bin/python3
"""TF-IDF + logistic regression: the few-shot peer of `debut train --mode head`.

  peer_tfidf.py --items items.csv --train train.csv --test test.csv
items.csv: id,title,description,... (Debut's import format); train/test.csv: item_id,label.
Fits on the train labels only (word 1-2 grams, sublinear tf, vocabulary from the
whole catalogue as Debut sees the whole catalogue too; class-balanced LR) and prints
JSON {"macro_f1":…, "auc":…} on the test items (AUC: binary, or macro one-vs-rest).
"""
import argparse
import csv
import json
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score


def item_text(row):
    d = row.get("description", "")
    return row["title"] + (". " + d if d else "")


def read_labels(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [(r["item_id"], r["label"]) for r in csv.DictReader(f)]


def scores(y_true, classes, probs):
    """macro-F1 of the arg-max and AUC (binary or macro one-vs-rest) from a prob matrix."""
    probs = np.asarray(probs, dtype=float)
    pred = [classes[i] for i in probs.argmax(1)]
    f1 = f1_score(y_true, pred, labels=classes, average="macro", zero_division=0)
    if len(classes) == 2:
        auc = roc_auc_score([1 if y == classes[1] else 0 for y in y_true], probs[:, 1])
    else:
        auc = roc_auc_score(y_true, probs, multi_class="ovr", average="macro", labels=classes)
    return float(f1), float(auc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    csv.field_size_limit(sys.maxsize)
    with open(a.items, newline="", encoding="utf-8-sig") as f:
        items = {r["id"]: item_text(r) for r in csv.DictReader(f)}
    train, test = read_labels(a.train), read_labels(a.test)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_features=200000)
    vec.fit(list(items.values()))
    clf = LogisticRegression(max_iter=2000, C=10.0, class_weight="balanced", random_state=a.seed)
    clf.fit(vec.transform([items[i] for i, _ in train]), [y for _, y in train])
    classes = list(clf.classes_)
    probs = clf.predict_proba(vec.transform([items[i] for i, _ in test]))
    f1, auc = scores([y for _, y in test], classes, probs)
    print(json.dumps({"macro_f1": f1, "auc": auc, "train": len(train), "test": len(test)}))


if __name__ == "__main__":
    main()
