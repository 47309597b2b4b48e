#!/usr/bin/python3
"""Quality benchmark: the Debut CLI against simple peers, measured in the same run on the same splits.

Parts (issues 15 and 16, "Done when"):
  a  English sample, task `bought` (sample_data/catalogue.csv + labels_bought.csv, truth
     ground_truth.csv): per-segment ROC-AUC of `debut train --task bought` (CLI defaults) ->
     `debut score` -> `debut export --segment S`, against TF-IDF (word 1-2 grams) + LR trained per
     segment on the same labels and LR on the frozen `debut encode` embeddings per segment; plus the
     Spearman rank correlation between the segments' exported scores (one shared order gives 1.00).
  b  Chinese sample (sample_data/zh/): style macro-F1 against character (1-3)-gram TF-IDF + LR and
     frozen-embedding LR; bought per-segment AUC against per-segment character TF-IDF + LR.
  c  Shared real data (Gautam 2019 e-commerce listings, 4 classes), the split logic of
     bench/fewshot.py: k = 8 / 16 / 32 labels per class, several seeds, macro-F1 mean +- sd of
     `debut train` (CLI defaults) vs TF-IDF + LR vs frozen-embedding LR, and the time each takes.
  d  `debut suggest` vs random labelling on (c)'s data: simulated rounds from 4 to 32 labels per
     class, macro-F1 after each round (same start, same budget per round).
  e  auto at scale: `debut train` (defaults, 2 threads) on 5,000 items of (c)'s data with 32 labels
     per class, the whole command's seconds (target: under 2 minutes on 2 cores), its candidates
     and pick, macro-F1 on the unlabelled items against the frozen-embedding LR.
  f  positive labels only (a log of purchases): (a)'s and (b)'s `bought` labels without their
     negatives. Debut draws unlabelled items as negatives (train/implicitnegatives.h); the peers
     get the same rule (per segment max(32, 3 x positives) unlabelled items, a segment's own,
     seeded per seed, plus the other segments' positives). Per-segment AUC as in (a).
  g  an interaction log (a and b's catalogues): per segment --log-items items viewed, those the
     hidden truth says the segment buys bought with probability 0.7, the others with 0.05; one
     log drawn per seed, imported by Debut as the event log it is (item_id, user_group,
     event_type = view / purchase, shuffled), read by the peers as bought = 1, viewed only = 0.
     Many labels, some wrong: the regime of a real log rather than of a merchandiser's picks.
  h  a segment per customer, positive labels only (a and b's catalogues): each segment of the
     truth split into --customers customers of 3 purchases each (items the segment buys, drawn
     per seed); every customer a segment of its own with drawn negatives as in (f) for every
     system. Per-customer AUC against its segment's truth, the mean over a segment's customers.

Scoring is the same code for every system: items that carry a label of the task are never scored
(Debut's export leaves them out; the peers are evaluated on exactly the items Debut exported).
Peers, fixed up front and never tuned on test items: scikit-learn LogisticRegression(C=10,
class_weight="balanced", lbfgs), on L2-normalised TF-IDF vectors (sublinear tf, IDF over the whole
catalogue, as Debut sees the whole catalogue) and on the L2-normalised `debut encode` vectors (the
project's default encoder) -- both unit-norm inputs, so one C serves both.

If `debut report --json` carries "candidates" (a list of {name, cv_score, seconds, picked}) or
"coverage", they are printed and kept in the results; absent, they are skipped.

Writes bench/results/quality.json + quality.md and the README table between
<!-- quality:begin --> and <!-- quality:end --> (a --quick run writes build/bench-quality/quality-quick.* and
leaves the README alone; --only keeps the other parts of the previous results, each part naming its run).
"""
import argparse
import csv
import json
import math
import os
import platform
import random
import re
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from scipy.stats import spearmanr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import fewshot  # noqa: E402  (split logic and helpers of the few-shot bench)

PEER_C = 10.0
csv.field_size_limit(sys.maxsize)


# ------------------------------------------------------------------ helpers
class Debut:
    def __init__(self, exe, work, train_args=()):
        self.exe = exe
        self.log = os.path.join(work, "quality.log")
        self.train_args = list(train_args)   # appended to every `debut train` (--train-args)

    def __call__(self, *args):
        cmd = [self.exe, *[str(a) for a in args]]
        with open(self.log, "a") as lf:
            lf.write("$ " + " ".join(cmd) + "\n")
            lf.flush()
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=lf, text=True)
            lf.write(r.stdout[-4000:] + "\n")
        if r.returncode != 0:
            raise RuntimeError(f"debut {args[0]} exited {r.returncode} (see {self.log})")
        return r.stdout

    def new_project(self, path, items_csv, labels=()):
        """labels: (file, task, kind) tuples."""
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        self("new", path)
        self("import-items", path, items_csv)
        for f, task, kind in labels:
            self("import-labels", path, f, "--task", task, "--kind", kind)

    def train(self, project, task, seed, extra=()):
        """`debut train` with the CLI defaults (+ seed, --train-args); returns (seconds, report JSON or {})."""
        t0 = time.perf_counter()
        self("train", project, "--task", task, "--seed", seed, *extra, *self.train_args)
        secs = time.perf_counter() - t0
        try:
            rep = json.loads(self("report", project, "--task", task, "--json"))
        except (RuntimeError, ValueError):
            rep = {}
        return secs, rep

    def export(self, project, task, path, segment=None):
        args = ["export", project, "--task", task, "--out", path]
        if segment is not None:
            args += ["--segment", segment]
        self(*args)
        return read_export(path)

    def encode(self, project, path):
        """Frozen embeddings of the project's items, L2-normalised: {item_id: row}."""
        t0 = time.perf_counter()
        self("encode", project, "--out", path)
        secs = time.perf_counter() - t0
        x = np.load(path).astype(np.float64)
        ids = project_item_ids(project)
        if len(ids) != x.shape[0]:
            raise RuntimeError(f"debut encode wrote {x.shape[0]} rows for {len(ids)} items")
        x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
        return {i: x[k] for k, i in enumerate(ids)}, secs


def project_item_ids(project):
    """Item ids in the order `debut encode PROJECT` writes its rows: the items table by rowid
    (the order they were imported in)."""
    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT id FROM items ORDER BY rowid")]
    finally:
        con.close()


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def read_export(path):
    """{segment: {item_id: row}} from a `debut export` file."""
    out = {}
    for r in read_csv(path):
        out.setdefault(r.get("segment", ""), {})[r["item_id"]] = r
    return out


def item_texts(path, title="title", desc="description"):
    """{id: text} as Debut builds it (title + ". " + description)."""
    rows = read_csv(path)
    tk = title if title in rows[0] else "标题"
    dk = desc if desc in rows[0] else "描述"
    return {r["id"]: r[tk] + (". " + r[dk] if r.get(dk) else "") for r in rows}


def summary(vals):
    vals = [v for v in vals if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not vals:
        return None
    return {"mean": statistics.mean(vals), "sd": statistics.stdev(vals) if len(vals) > 1 else 0.0,
            "values": vals}


def lr(seed):
    return LogisticRegression(max_iter=3000, C=PEER_C, class_weight="balanced", random_state=seed)


class Tfidf:
    def __init__(self, texts, analyzer):
        if analyzer == "word":
            self.vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_features=200000)
        else:
            self.vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                       max_features=300000)
        self.ids = list(texts)
        self.row = {i: k for k, i in enumerate(self.ids)}
        self.x = self.vec.fit_transform([texts[i] for i in self.ids])

    def __call__(self, ids):
        return self.x[[self.row[i] for i in ids]]


def emb_matrix(emb):
    return lambda ids: np.stack([emb[i] for i in ids])


def fit_binary(feat, train, seed, eval_ids):
    """train: [(item_id, 0/1)] or [(item_id, 0/1, weight)]; returns {item_id: P(1)} on eval_ids."""
    clf = lr(seed).fit(feat([t[0] for t in train]), [t[1] for t in train],
                       sample_weight=[t[2] if len(t) > 2 else 1.0 for t in train])
    p = clf.predict_proba(feat(eval_ids))[:, list(clf.classes_).index(1)]
    return dict(zip(eval_ids, p))


def fit_multiclass(feat, train, seed, eval_ids):
    t0 = time.perf_counter()
    clf = lr(seed).fit(feat([i for i, _ in train]), [y for _, y in train])
    secs = time.perf_counter() - t0
    return dict(zip(eval_ids, clf.predict(feat(eval_ids)))), secs


def auc(truth, scores, ids):
    y = [truth[i] for i in ids]
    if len(set(y)) < 2:
        return None
    return float(roc_auc_score(y, [scores[i] for i in ids]))


def macro_f1(truth, pred, ids, classes):
    return float(f1_score([truth[i] for i in ids], [pred[i] for i in ids], labels=classes,
                          average="macro", zero_division=0))


def all_segments(export):
    """An export's rows of every segment in one {item_id: row} (multi-class tasks have one segment)."""
    rows = {}
    for seg_rows in export.values():
        rows.update(seg_rows)
    return rows


def debut_pred_multiclass(rows):
    """arg-max class from the export's p_<class> columns (predicted_label as a fallback)."""
    out = {}
    for i, r in rows.items():
        p = {k[2:]: float(v) for k, v in r.items() if k.startswith("p_") and v not in ("", None)}
        out[i] = max(p, key=p.get) if p else r["predicted_label"]
    return out


def spearman_pairs(scores_by_seg, segments):
    """Spearman rank correlation of every pair of segments' scores over their common items."""
    out = {}
    for a_i in range(len(segments)):
        for b_i in range(a_i + 1, len(segments)):
            a, b = segments[a_i], segments[b_i]
            common = sorted(set(scores_by_seg[a]) & set(scores_by_seg[b]))
            if len(common) < 3:
                continue
            rho = spearmanr([scores_by_seg[a][i] for i in common], [scores_by_seg[b][i] for i in common])[0]
            out[f"{a} / {b}"] = None if np.isnan(rho) else float(rho)
    return out


def extras(report):
    """The report's "candidates" and "coverage" fields, when the CLI has them."""
    return {k: report[k] for k in ("candidates", "coverage") if isinstance(report, dict) and k in report}


def print_extras(tag, ex):
    if "coverage" in ex:
        print(f"quality: {tag}: coverage {json.dumps(ex['coverage'], ensure_ascii=False)}", file=sys.stderr)
    for c in ex.get("candidates") or []:
        if isinstance(c, dict):
            cv = c.get("cv_score")
            print(f"quality: {tag}: candidate {c.get('name')}: cv {num(cv)}, "
                  f"{c.get('seconds')} s{' <- picked' if c.get('picked') else ''}", file=sys.stderr)


def train_noting(out, key, tag, project, task, seed, args=()):
    """Trains TASK; notes the report's extras as out["extras"][key] and prints them
    under TAG. Returns the seconds the training took."""
    secs, rep = debut_cli.train(project, task, seed, args)
    ex = extras(rep)
    if ex:
        out["extras"][key] = ex
        print_extras(tag, ex)
    return secs


# ------------------------------------------------------- (a) and (b): segments
def truth_segments(truth_rows):
    """The segments of a hidden-truth file: its bought_<segment> columns."""
    return [k[len("bought_"):] for k in truth_rows[0] if k.startswith("bought_")]


def drawn_negatives(labels, segments, item_ids, seed):
    """Part (f)'s peers: per segment whose labels are all positive, max(32, 3 x positives)
    unlabelled items (at most 500 and an equal share), each segment its own, plus the other
    segments' positives that are not its own (as many at most, weight 1 / (segments - 1)) --
    Debut's rule. {segment: [(item_id, weight)]}."""
    labelled = {r["item_id"] for r in labels}
    unl = sorted(i for i in item_ids if i not in labelled)
    random.Random(seed).shuffle(unl)
    need = [s for s in segments if all(r["label"] == "1" for r in labels if r["segment"] == s)]
    out, nxt = {}, 0
    for s in need:
        n = sum(r["segment"] == s for r in labels)
        k = min(len(unl) // len(need), 500, max(32, 3 * n))
        out[s], nxt = [(i, 1.0) for i in unl[nxt:nxt + k]], nxt + k
    named = {r["segment"] for r in labels if r["label"] == "1" and r["segment"]}
    w = 1.0 / (len(named) - 1) if len(named) > 1 else 1.0
    for s in need:
        if not s:
            continue
        own = {r["item_id"] for r in labels if r["segment"] == s}
        others = sorted({r["item_id"] for r in labels
                         if r["label"] == "1" and r["segment"] not in ("", s)} - own)
        random.Random(seed).shuffle(others)
        out[s] += [(i, w) for i in others[:min(500, max(32, 3 * len(own)))]]
    return out


def bought_part(d, seeds, project, items_csv, labels_csv, truth_csv, texts, analyzer, tag,
                style=None, debut_labels_csv=None):
    """Per-segment bought AUC (Debut vs per-segment TF-IDF + LR vs frozen-embedding LR), the
    segments' Spearman, and optionally the style task (macro-F1). A segment whose labels are all
    positive gives its peers drawn negatives (drawn_negatives). Debut imports debut_labels_csv
    when given (part g's event log), labels_csv otherwise; the peers read labels_csv."""
    labels = read_csv(labels_csv)
    truth_rows = read_csv(truth_csv)
    segments = [s for s in truth_segments(truth_rows) if any(r["segment"] == s for r in labels)]
    truth = {s: {r["item_id"]: int(r["bought_" + s]) for r in truth_rows} for s in segments}
    imports = [(debut_labels_csv or labels_csv, "bought", "binary")]
    if style:
        imports.append((style["labels"], "style", "multiclass"))
    res = {"segments": segments, "debut": {}, "tfidf": {}, "emb": {}, "errors": [], "extras": {}}
    tfidf = Tfidf(texts, analyzer)
    labelled = {r["item_id"] for r in labels}
    emb, project_ok = None, False
    try:
        debut_cli.new_project(project, items_csv, imports)
        project_ok = True
        emb, res["encode_seconds"] = debut_cli.encode(project, os.path.join(d, "items.npy"))
    except RuntimeError as e:
        res["errors"].append(str(e))
    eval_default = [i for i in texts if i not in labelled]

    per = {k: {s: [] for s in segments} for k in ("debut", "tfidf", "emb")}
    rho = {k: [] for k in ("debut", "tfidf", "emb")}
    train_s = []
    for seed in seeds:
        dscores, evals = {}, {}
        if project_ok:
            try:
                train_s.append(train_noting(res, f"bought seed {seed}", f"{tag} bought seed {seed}", project,
                                            "bought", seed))
                debut_cli("score", project, "--task", "bought")
                for s in segments:
                    rows = debut_cli.export(project, "bought", os.path.join(d, f"bought_{seed}.csv"), s).get(s, {})
                    dscores[s] = {i: float(r["score"]) for i, r in rows.items()}
                    evals[s] = [i for i in rows if i in truth[s]]
            except RuntimeError as e:
                res["errors"].append(f"seed {seed}: {e}")
                dscores = {}
        drawn = drawn_negatives(labels, segments, list(texts), seed)
        for s in segments:
            ev = evals.get(s) or [i for i in eval_default if i in truth[s]]
            train = [(r["item_id"], int(r["label"])) for r in labels if r["segment"] == s]
            train += [(i, 0, w) for i, w in drawn.get(s, [])]
            if s in dscores:
                per["debut"][s].append(auc(truth[s], dscores[s], ev))
            t = fit_binary(tfidf, train, seed, ev)
            per["tfidf"][s].append(auc(truth[s], t, ev))
            dscores.setdefault("_tfidf", {})[s] = t
            if emb is not None:
                e = fit_binary(emb_matrix(emb), train, seed, ev)
                per["emb"][s].append(auc(truth[s], e, ev))
                dscores.setdefault("_emb", {})[s] = e
        if all(s in dscores for s in segments):
            rho["debut"].append(spearman_pairs(dscores, segments))
        rho["tfidf"].append(spearman_pairs(dscores["_tfidf"], segments))
        if "_emb" in dscores:
            rho["emb"].append(spearman_pairs(dscores["_emb"], segments))
        print(f"quality: {tag} bought seed {seed}: " + "; ".join(
            f"{s} debut {fmt(per['debut'][s][-1] if per['debut'][s] else None)} tfidf {fmt(per['tfidf'][s][-1])}"
            for s in segments), file=sys.stderr)
    for k in per:
        res[k] = {s: summary(v) for s, v in per[k].items()}
        pairs = sorted({p for r in rho[k] for p in r})
        res[k]["spearman"] = {p: summary([r.get(p) for r in rho[k]]) for p in pairs}
    res["debut_train_seconds"] = summary(train_s)

    if style:
        res["style"] = style_part(d, seeds, project if project_ok else None, style, texts, tfidf, emb, tag)
    return res


def style_part(d, seeds, project, style, texts, tfidf, emb, tag):
    labels = read_csv(style["labels"])
    truth = {r["item_id"]: r["style"] for r in read_csv(style["truth"])}
    classes = sorted({r["label"] for r in labels})
    train = [(r["item_id"], r["label"]) for r in labels]
    labelled = {i for i, _ in train}
    out = {"classes": classes, "errors": [], "extras": {}}
    vals = {"debut": [], "tfidf": [], "emb": []}
    secs_all = []
    for seed in seeds:
        ev = [i for i in texts if i not in labelled and i in truth]
        if project:
            try:
                secs_all.append(train_noting(out, f"style seed {seed}", f"{tag} style seed {seed}", project,
                                             "style", seed))
                rows = all_segments(debut_cli.export(project, "style", os.path.join(d, f"style_{seed}.csv")))
                ev = [i for i in rows if i in truth]
                vals["debut"].append(macro_f1(truth, debut_pred_multiclass(rows), ev, classes))
            except RuntimeError as e:
                out["errors"].append(f"seed {seed}: {e}")
        vals["tfidf"].append(macro_f1(truth, fit_multiclass(tfidf, train, seed, ev)[0], ev, classes))
        if emb is not None:
            vals["emb"].append(macro_f1(truth, fit_multiclass(emb_matrix(emb), train, seed, ev)[0], ev, classes))
        print(f"quality: {tag} style seed {seed}: debut {fmt(vals['debut'][-1] if vals['debut'] else None)} "
              f"tfidf {fmt(vals['tfidf'][-1])} emb {fmt(vals['emb'][-1] if vals['emb'] else None)}", file=sys.stderr)
    for k, v in vals.items():
        out[k] = summary(v)
    out["debut_train_seconds"] = summary(secs_all)
    return out


def part_a(a, work):
    d = os.path.join(work, "a")
    os.makedirs(d, exist_ok=True)
    sd = os.path.join(ROOT, "sample_data")
    items = os.path.join(sd, "catalogue.csv")
    return bought_part(d, a.seed_list, os.path.join(d, "sample.debut"), items,
                       os.path.join(sd, "labels_bought.csv"), os.path.join(sd, "ground_truth.csv"),
                       item_texts(items), "word", "a")


def part_b(a, work):
    d = os.path.join(work, "b")
    os.makedirs(d, exist_ok=True)
    zd = os.path.join(ROOT, "sample_data", "zh")
    items = os.path.join(zd, "catalogue_zh.csv")
    return bought_part(d, a.seed_list, os.path.join(d, "sample_zh.debut"), items,
                       os.path.join(zd, "labels_bought_zh.csv"), os.path.join(zd, "ground_truth_zh.csv"),
                       item_texts(items), "char", "b",
                       style={"labels": os.path.join(zd, "labels_zh.csv"),
                              "truth": os.path.join(zd, "ground_truth_zh.csv")})


def positives_only(labels_csv, out_csv):
    rows = [r for r in read_csv(labels_csv) if r["label"] == "1"]
    with open(out_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["item_id", "label", "segment"])
        w.writeheader()
        for r in rows:
            w.writerow({k: r[k] for k in ("item_id", "label", "segment")})
    return rows


def both_samples(work, part):
    """Per sample language: (lang, work folder of the part, sample folder, catalogue CSV, file
    suffix, TF-IDF analyzer of its peer)."""
    for lang, sub, suffix, analyzer in (("en", "", "", "word"), ("zh", "zh", "_zh", "char")):
        d = os.path.join(work, part, lang)
        os.makedirs(d, exist_ok=True)
        sd = os.path.join(ROOT, "sample_data", sub)
        yield lang, d, sd, os.path.join(sd, f"catalogue{suffix}.csv"), suffix, analyzer


def part_f(a, work):
    res = {}
    for lang, d, sd, items, suffix, analyzer in both_samples(work, "f"):
        labels = os.path.join(d, "labels_positive.csv")
        rows = positives_only(os.path.join(sd, f"labels_bought{suffix}.csv"), labels)
        r = bought_part(d, a.seed_list, os.path.join(d, "positives.debut"), items, labels,
                        os.path.join(sd, f"ground_truth{suffix}.csv"), item_texts(items), analyzer, f"f {lang}")
        r["positives"] = {s: sum(x["segment"] == s for x in rows) for s in r["segments"]}
        res[lang] = r
    return res


# ------------------------------------------------------------ (g) interaction log
LOG_P_BUY, LOG_P_STRAY = 0.7, 0.05


def event_log(truth_rows, segments, seed, per_segment, log_csv, labels_csv, shared=False):
    """A simulated interaction log: per segment `per_segment` items (the seed's draw) each viewed
    once; an item the segment would buy (the hidden truth) is bought with probability LOG_P_BUY,
    any other with LOG_P_STRAY (gifts, mistakes). Rows shuffled as a log in time order is, so a
    purchase may come before its view. Writes the log (item_id, user_group, event_type: what
    Debut imports) and its labels (item_id, label, segment: bought = 1, viewed only = 0: what
    the peers read). shared: every segment views the same items (one draw), as a page shown to
    all customers is; an item is then labelled in every segment."""
    rng = random.Random(1000 + seed)
    events, labels = [], []
    viewed = rng.sample(truth_rows, per_segment) if shared else None
    for s in segments:
        for r in viewed or rng.sample(truth_rows, per_segment):
            bought = rng.random() < (LOG_P_BUY if r["bought_" + s] == "1" else LOG_P_STRAY)
            events.append((r["item_id"], s, "view"))
            if bought:
                events.append((r["item_id"], s, "purchase"))
            labels.append({"item_id": r["item_id"], "label": "1" if bought else "0", "segment": s})
    rng.shuffle(events)
    with open(log_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["item_id", "user_group", "event_type"])
        w.writerows(events)
    with open(labels_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["item_id", "label", "segment"])
        w.writeheader()
        w.writerows(labels)
    return labels


def merge_draws(runs):
    """One result from bought_part runs of one seed each (part g draws a log per seed)."""
    out = dict(runs[0])
    out["errors"] = [e for r in runs for e in r["errors"]]
    out["extras"] = {k: v for r in runs for k, v in r["extras"].items()}
    for k in ("debut", "tfidf", "emb"):
        out[k] = {s: summary([v for r in runs for v in (r[k].get(s) or {}).get("values", [])])
                  for s in out["segments"]}
        pairs = list(dict.fromkeys(p for r in runs for p in (r[k].get("spearman") or {})))
        out[k]["spearman"] = {p: summary([v for r in runs for v in ((r[k].get("spearman") or {}).get(p) or {})
                                          .get("values", [])]) for p in pairs}
    out["debut_train_seconds"] = summary([v for r in runs for v in (r["debut_train_seconds"] or {})
                                          .get("values", [])])
    return out


def part_g(a, work):
    res = {}
    for lang, d, sd, items, suffix, analyzer in both_samples(work, "g"):
        truth_csv = os.path.join(sd, f"ground_truth{suffix}.csv")
        truth_rows = read_csv(truth_csv)
        segments = truth_segments(truth_rows)
        runs, counts, texts = [], [], item_texts(items)
        for seed in a.seed_list:
            log, labels = os.path.join(d, f"log_{seed}.csv"), os.path.join(d, f"labels_{seed}.csv")
            rows = event_log(truth_rows, segments, seed, a.log_items, log, labels, a.log_shared)
            counts.append(sum(r["label"] == "1" for r in rows) / len(segments))
            runs.append(bought_part(d, [seed], os.path.join(d, "log.debut"), items, labels, truth_csv,
                                    texts, analyzer, f"g {lang}", debut_labels_csv=log))
        r = merge_draws(runs)
        r["viewed"], r["bought"] = a.log_items, statistics.mean(counts)
        r["views_shared"] = a.log_shared
        res[lang] = r
    return res


# ---------------------------------------------------------- (h) customers as segments
H_PURCHASES = 3   # per customer


def customer_labels(truth_rows, segments, seed, customers, purchases, labels_csv, truth_csv):
    """Part (h): per segment `customers` customers ("segment#k"), each `purchases` items the
    segment buys (the hidden truth), drawn per seed; labels (positives only) and a truth file
    with one column per customer (its segment's)."""
    rng = random.Random(seed)
    rows, columns = [], []
    for s in segments:
        buys = sorted(r["item_id"] for r in truth_rows if r["bought_" + s] == "1")
        for k in range(customers):
            columns.append((f"{s}#{k}", s))
            rows += [{"item_id": i, "label": "1", "segment": f"{s}#{k}"} for i in rng.sample(buys, purchases)]
    with open(labels_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["item_id", "label", "segment"])
        w.writeheader()
        w.writerows(rows)
    with open(truth_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["item_id"] + [f"bought_{c}" for c, _ in columns])
        for r in truth_rows:
            w.writerow([r["item_id"]] + [r["bought_" + s] for _, s in columns])


def part_h(a, work):
    res = {}
    for lang, d, sd, items, suffix, analyzer in both_samples(work, "h"):
        truth_rows = read_csv(os.path.join(sd, f"ground_truth{suffix}.csv"))
        segments = truth_segments(truth_rows)
        out = {"segments": segments, "errors": [], "extras": {}, "customers": a.customers,
               "purchases": H_PURCHASES}
        per = {k: {s: [] for s in segments} for k in ("debut", "tfidf", "emb")}
        texts = item_texts(items)
        for seed in a.seed_list:
            labels, truth = os.path.join(d, f"labels_{seed}.csv"), os.path.join(d, f"truth_{seed}.csv")
            customer_labels(truth_rows, segments, seed, a.customers, H_PURCHASES, labels, truth)
            r = bought_part(d, [seed], os.path.join(d, "customers.debut"), items, labels, truth,
                            texts, analyzer, f"h {lang}")
            out["errors"] += r["errors"]
            out["extras"].update(r["extras"])
            for k in per:
                for s in segments:
                    v = [(r[k].get(c) or {}).get("values", [None])[0] for c in r["segments"]
                         if c.rsplit("#", 1)[0] == s]
                    if v and None not in v:
                        per[k][s].append(statistics.mean(v))
        for k in per:
            out[k] = {s: summary(v) for s, v in per[k].items()}
        res[lang] = out
    return res


# ------------------------------------------------------------ (c) shared data
def load_shared(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [(r["rt_id"], r["category"], r["text"]) for r in csv.DictReader(f)]
    by_class = {}
    for rid, cat, _ in rows:
        by_class.setdefault(cat, []).append(rid)
    return {rid: t for rid, _, t in rows}, {rid: c for rid, c, _ in rows}, by_class


def shared_split(seed, by_class, test_per_class, pool_size):
    """bench/fewshot.py's split: per class, shuffle with Random(1000 + seed), the first
    test_per_class items are the test set, the next ones the training pool (nested sets)."""
    rng = random.Random(1000 + seed)
    test, pool = [], {}
    for c in sorted(by_class):
        items = [(rid, None) for rid in by_class[c]]
        rng.shuffle(items)
        test += [(rid, c) for rid, _ in items[:test_per_class]]
        pool[c] = [rid for rid, _ in items[test_per_class:test_per_class + pool_size]]
    return test, pool


def part_c(a, work):
    texts, cls, by_class = load_shared(a.data)
    classes = sorted(by_class)
    shots = a.shot_list
    out = {"classes": classes, "test_per_class": a.test_per_class, "shots": {}, "errors": [], "extras": {}}
    res = {k: {s: [] for s in ("debut", "tfidf", "emb")} for k in shots}
    secs = {k: {s: [] for s in ("debut", "tfidf", "emb")} for k in shots}
    enc_secs = []
    for seed in a.seed_list:
        d = os.path.join(work, "c", f"seed{seed}")
        os.makedirs(d, exist_ok=True)
        test, pool = shared_split(seed, by_class, a.test_per_class, max(shots))
        used = [rid for rid, _ in test] + [rid for c in classes for rid in pool[c]]
        items_csv = os.path.join(d, "items.csv")
        fewshot.write_csv(items_csv, ["id", "title", "description"],
                          [[rid, *fewshot.split_text(texts[rid])] for rid in used])
        truth = dict(test)
        tfidf = Tfidf({rid: ". ".join(p for p in fewshot.split_text(texts[rid]) if p) for rid in used}, "word")
        project = os.path.join(d, "shared.debut")
        emb, project_ok = None, False
        try:
            debut_cli.new_project(project, items_csv)
            project_ok = True
            emb, es = debut_cli.encode(project, os.path.join(d, "items.npy"))
            enc_secs.append(es)
        except RuntimeError as e:
            out["errors"].append(f"seed {seed}: {e}")
        for k in shots:
            train = [(rid, c) for c in classes for rid in pool[c][:k]]
            ev = [rid for rid, _ in test]
            if project_ok:
                try:
                    train_csv = os.path.join(d, f"train{k}.csv")
                    fewshot.write_csv(train_csv, ["item_id", "label"], train)
                    task = f"fs{k}"
                    debut_cli("import-labels", project, train_csv, "--task", task, "--kind", "multiclass")
                    secs[k]["debut"].append(train_noting(out, f"k={k} seed {seed}", f"c k={k} seed {seed}", project,
                                                         task, seed))
                    rows = all_segments(debut_cli.export(project, task, os.path.join(d, f"export{k}.csv")))
                    missing = [i for i in ev if i not in rows]
                    if missing:
                        raise RuntimeError(f"debut export lacks {len(missing)} test items (e.g. {missing[0]})")
                    res[k]["debut"].append(macro_f1(truth, debut_pred_multiclass(rows), ev, classes))
                except RuntimeError as e:
                    out["errors"].append(f"seed {seed} k={k}: {e}")
            t0 = time.perf_counter()
            pred, _ = fit_multiclass(tfidf, train, seed, ev)
            secs[k]["tfidf"].append(time.perf_counter() - t0)
            res[k]["tfidf"].append(macro_f1(truth, pred, ev, classes))
            if emb is not None:
                pred, s = fit_multiclass(emb_matrix(emb), train, seed, ev)
                secs[k]["emb"].append(s)
                res[k]["emb"].append(macro_f1(truth, pred, ev, classes))
            print(f"quality: c seed {seed} k={k}: debut {fmt(res[k]['debut'][-1] if len(res[k]['debut']) else None)} "
                  f"tfidf {fmt(res[k]['tfidf'][-1])} emb {fmt(res[k]['emb'][-1] if res[k]['emb'] else None)}",
                  file=sys.stderr)
    for k in shots:
        out["shots"][str(k)] = {s: summary(res[k][s]) for s in res[k]}
        out["shots"][str(k)]["seconds"] = {s: summary(secs[k][s]) for s in secs[k]}
    out["encode_seconds"] = summary(enc_secs)
    return out


# ----------------------------------------------------- (d) suggest vs random
def part_d(a, work):
    """Simulated labelling on (c)'s data: both strategies start from the same 4 random labels per
    class; each round adds labels until the budget of the next level (8, 16, 32 per class, times
    the number of classes) -- `debut suggest` picks from the unlabelled pool (its picks outside the
    pool, i.e. test items, are skipped), random picks uniformly from the pool. The oracle labels
    each pick with its true class. Macro-F1 on the test set after each round (Debut default train)."""
    texts, cls, by_class = load_shared(a.data)
    classes = sorted(by_class)
    levels = [4] + [k for k in (8, 16, 32) if k <= max(a.shot_list + [8])]
    pool_per_class = a.pool_per_class
    out = {"levels": levels, "pool_per_class": pool_per_class, "test_per_class": a.test_per_class,
           "suggest": {}, "random": {}, "errors": []}
    vals = {s: {k: [] for k in levels} for s in ("suggest", "random")}
    for seed in a.seed_list:
        d = os.path.join(work, "d", f"seed{seed}")
        os.makedirs(d, exist_ok=True)
        test, pool = shared_split(seed, by_class, a.test_per_class, pool_per_class)
        pool_ids = [rid for c in classes for rid in pool[c]]
        used = [rid for rid, _ in test] + pool_ids
        items_csv = os.path.join(d, "items.csv")
        fewshot.write_csv(items_csv, ["id", "title", "description"],
                          [[rid, *fewshot.split_text(texts[rid])] for rid in used])
        truth = dict(test)
        ev = [rid for rid, _ in test]
        rng = random.Random(5000 + seed)
        start = [rid for c in classes for rid in rng.sample(pool[c], 4)]
        for strategy in ("suggest", "random"):
            project = os.path.join(d, f"{strategy}.debut")
            labelled = list(start)
            srng = random.Random(7000 + seed)
            try:
                debut_cli.new_project(project, items_csv)
                for li, k in enumerate(levels):
                    budget = k * len(classes)
                    if li > 0:
                        need = budget - len(labelled)
                        have = set(labelled)
                        if strategy == "random":
                            labelled += srng.sample([i for i in pool_ids if i not in have], need)
                        else:
                            sug = json.loads(debut_cli("suggest", project, "--task", "al", "--count",
                                                       need + a.test_per_class * len(classes) + 50, "--json"))
                            pool_set = set(pool_ids)
                            picks = []
                            for s in sug:
                                i = s["item_id"]
                                if i in pool_set and i not in have and i not in picks:
                                    picks.append(i)
                                if len(picks) == need:
                                    break
                            if len(picks) < need:  # suggest ran out: fill at random (counted)
                                out.setdefault("filled_at_random", 0)
                                out["filled_at_random"] += need - len(picks)
                                rest = [i for i in pool_ids if i not in have and i not in picks]
                                picks += srng.sample(rest, need - len(picks))
                            labelled += picks
                    lab_csv = os.path.join(d, f"{strategy}_{k}.csv")
                    fewshot.write_csv(lab_csv, ["item_id", "label"], [[i, cls[i]] for i in labelled])
                    debut_cli("import-labels", project, lab_csv, "--task", "al", "--kind", "multiclass")
                    debut_cli.train(project, "al", seed)
                    rows = all_segments(debut_cli.export(project, "al", os.path.join(d, f"{strategy}_{k}_export.csv")))
                    f1 = macro_f1(truth, debut_pred_multiclass(rows), ev, classes)
                    vals[strategy][k].append(f1)
                    print(f"quality: d seed {seed} {strategy} {k}/class: {fmt(f1)}", file=sys.stderr)
            except RuntimeError as e:
                out["errors"].append(f"seed {seed} {strategy}: {e}")
    for s in vals:
        out[s] = {str(k): summary(v) for k, v in vals[s].items()}
    return out


# ------------------------------------------------------------ (e) auto at scale
def part_e(a, work):
    """`debut train` (auto, the default) on a catalogue of `--scale-items` items of (c)'s data with
    32 labels per class: the whole command's wall time (embedding the catalogue included), the
    candidates and the pick, and macro-F1 on the unlabelled items against the frozen-embedding LR."""
    texts, cls, by_class = load_shared(a.data)
    classes = sorted(by_class)
    out = {"items": 0, "labels_per_class": 32, "seconds": None, "errors": [], "extras": {}}
    secs, f1s, emb_f1s = [], [], []
    for seed in a.seed_list[:1]:
        d = os.path.join(work, "e", f"seed{seed}")
        os.makedirs(d, exist_ok=True)
        rng = random.Random(9000 + seed)
        used = sorted(texts)
        rng.shuffle(used)
        used = used[:a.scale_items]   # the data's class mix (5,043 items in all)
        train = [(rid, c) for c in classes for rid in [i for i in used if cls[i] == c][:32]]
        out["items"] = len(used)
        items_csv = os.path.join(d, "items.csv")
        fewshot.write_csv(items_csv, ["id", "title", "description"],
                          [[rid, *fewshot.split_text(texts[rid])] for rid in used])
        lab_csv = os.path.join(d, "labels.csv")
        fewshot.write_csv(lab_csv, ["item_id", "label"], train)
        project = os.path.join(d, "scale.debut")
        try:
            debut_cli.new_project(project, items_csv, [(lab_csv, "scale", "multiclass")])
            secs.append(train_noting(out, f"seed {seed}", f"e seed {seed}", project, "scale", seed,
                                     ("--threads", "2")))
            rows = all_segments(debut_cli.export(project, "scale", os.path.join(d, "export.csv")))
            labelled = {rid for rid, _ in train}
            ev = [rid for rid in used if rid not in labelled]
            truth = {rid: cls[rid] for rid in ev}
            f1s.append(macro_f1(truth, debut_pred_multiclass(rows), ev, classes))
            emb, _ = debut_cli.encode(project, os.path.join(d, "items.npy"))
            pred, _ = fit_multiclass(emb_matrix(emb), train, seed, ev)
            emb_f1s.append(macro_f1(truth, pred, ev, classes))
            print(f"quality: e seed {seed}: {len(used)} items, train {secs[-1]:.1f} s, macro-F1 {f1s[-1]:.3f} "
                  f"(frozen LR {emb_f1s[-1]:.3f})", file=sys.stderr)
        except RuntimeError as e:
            out["errors"].append(f"seed {seed}: {e}")
    out["seconds"] = summary(secs)
    out["debut"] = summary(f1s)
    out["emb"] = summary(emb_f1s)
    return out


# ------------------------------------------------------------------ output
def num(x, nd=3):
    """A number from the report, whatever its type."""
    return f"{x:.{nd}f}" if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x)


def fmt(x, nd=3):
    if x is None:
        return "–"
    if isinstance(x, dict):
        if x.get("sd") and len(x.get("values", [])) > 1:
            return f"{x['mean']:.{nd}f} ± {x['sd']:.{nd}f}"
        return f"{x['mean']:.{nd}f}"
    return f"{x:.{nd}f}"


def ratio(d, p):
    if not d or not p or not p["mean"]:
        return "–"
    return f"{d['mean'] - p['mean']:+.3f}"


def seg_rows(r, what, n_seeds, peer_name, spearman=True):
    rows = []
    for s in r["segments"]:
        rows.append(f"| {what}: `bought` AUC, {s} | {fmt(r['debut'].get(s))} | {fmt(r['tfidf'].get(s))} | "
                    f"{fmt(r['emb'].get(s))} | {ratio(r['debut'].get(s), r['tfidf'].get(s))} | "
                    f"{peer_name} per segment; {n_seeds} |")
    sp = r["debut"].get("spearman") or {}
    pt = r["tfidf"].get("spearman") or {}
    pe = r["emb"].get("spearman") or {}
    for pair in list(dict.fromkeys(list(pt) + list(sp))) if spearman else []:
        rows.append(f"| {what}: Spearman between the segments' lists, {pair} | {fmt(sp.get(pair), 2)} | "
                    f"{fmt(pt.get(pair), 2)} | {fmt(pe.get(pair), 2)} | – | 1.00 = one shared order; "
                    f"the lists must differ |")
    return rows


def render(results):
    lines = ["| Benchmark | Debut | TF-IDF + LR | Frozen-embedding LR | Debut − TF-IDF | Notes |",
             "|---|---|---|---|---|---|"]
    notes = []
    parts = results.get("parts", {})
    if "a" in parts:
        r = parts["a"]
        ns = f"{len(r['seeds'])} seed(s)"
        lines += seg_rows(r, "English sample", ns, "word 1–2-gram TF-IDF + LR")
    if "b" in parts:
        r = parts["b"]
        ns = f"{len(r['seeds'])} seed(s)"
        st = r.get("style")
        if st:
            lines.append(f"| Chinese sample: `style` macro-F1 ({len(st['classes'])} classes) | {fmt(st.get('debut'))} | "
                         f"{fmt(st.get('tfidf'))} | {fmt(st.get('emb'))} | {ratio(st.get('debut'), st.get('tfidf'))} | "
                         f"character 1–3-gram TF-IDF + LR; chance 0.2; {ns} |")
        lines += seg_rows(r, "Chinese sample", ns, "character 1–3-gram TF-IDF + LR")
    if "c" in parts:
        r = parts["c"]
        ns = f"{len(r['seeds'])} seed(s), {r['test_per_class'] * len(r['classes'])} test items/seed"
        for k, v in r["shots"].items():
            t = v.get("seconds", {})
            lines.append(f"| Shared e-commerce data, {k} labels/class: macro-F1 | {fmt(v.get('debut'))} | "
                         f"{fmt(v.get('tfidf'))} | {fmt(v.get('emb'))} | {ratio(v.get('debut'), v.get('tfidf'))} | "
                         f"{ns}; Debut − frozen LR {ratio(v.get('debut'), v.get('emb'))} |")
            lines.append(f"| Shared e-commerce data, {k} labels/class: seconds to train | {fmt(t.get('debut'), 1)} | "
                         f"{fmt(t.get('tfidf'), 2)} | {fmt(t.get('emb'), 2)} | – | Debut: `debut train` "
                         f"(whole command); frozen LR: the fit only, `debut encode` of the project took "
                         f"{fmt(r.get('encode_seconds'), 1)} s once |")
    if "d" in parts:
        r = parts["d"]
        for k in r["levels"][1:]:
            sg, rd = r["suggest"].get(str(k)), r["random"].get(str(k))
            lines.append(f"| Label-next, {k} labels/class reached from 4: macro-F1 | {fmt(sg)} | – | – | – | "
                         f"random picks: {fmt(rd)} (suggest − random {ratio(sg, rd)}); "
                         f"{len(r['seeds'])} seed(s), pool {r['pool_per_class']}/class |")
    if "e" in parts:
        r = parts["e"]
        lines.append(f"| Auto at scale: `debut train` on {r['items']:,} items, {r['labels_per_class']} labels/class: "
                     f"seconds | {fmt(r.get('seconds'), 1)} | – | – | – | the whole command on 2 threads, embedding "
                     f"the catalogue included; macro-F1 on the unlabelled items {fmt(r.get('debut'))} (frozen LR "
                     f"{fmt(r.get('emb'))}); target: under 120 s |")
    if "f" in parts:
        for lang, name, peer in (("en", "English", "word 1–2-gram"), ("zh", "Chinese", "character 1–3-gram")):
            r = parts["f"].get(lang)
            if r:
                n = "/".join(str(v) for v in r.get("positives", {}).values())
                lines += seg_rows(r, f"{name} sample, positive labels only ({n} per segment)",
                                  f"{len(parts['f']['seeds'])} seed(s)",
                                  f"drawn negatives for every system; {peer} TF-IDF + LR", spearman=False)
    if "h" in parts:
        for lang, name, peer in (("en", "English", "word 1–2-gram"), ("zh", "Chinese", "character 1–3-gram")):
            r = parts["h"].get(lang)
            if r:
                lines += seg_rows(r, f"{name} sample, a segment per customer ({r['customers']} customers × "
                                  f"{r['purchases']} purchases per segment, positive labels only; mean of the "
                                  f"customers' AUC)", f"{len(parts['h']['seeds'])} seed(s)",
                                  f"drawn negatives for every system; {peer} TF-IDF + LR", spearman=False)
    if "g" in parts:
        for lang, name, peer in (("en", "English", "word 1–2-gram"), ("zh", "Chinese", "character 1–3-gram")):
            r = parts["g"].get(lang)
            if r:
                lines += seg_rows(r, f"{name} sample, interaction log ({r['viewed']} views, ~{r['bought']:.0f} "
                                  f"purchases per segment)", f"{len(parts['g']['seeds'])} log draw(s)",
                                  f"bought = 1, viewed only = 0 for the peers; {peer} TF-IDF + LR", spearman=False)
    flat = {}
    for key, p in sorted(parts.items()):
        if key in ("f", "g", "h"):
            flat.update({f"{key} {lang}": r for lang, r in p.items() if isinstance(r, dict) and "segments" in r})
        else:
            flat[key] = p
    for key, p in flat.items():
        for e in p.get("errors", []) + (p.get("style", {}) or {}).get("errors", []):
            notes.append(f"- part {key}: {e}")
        ex = dict(p.get("extras", {}))
        ex.update((p.get("style", {}) or {}).get("extras", {}))
        for tag, v in list(ex.items())[:12]:
            bits = []
            for c in v.get("candidates") or []:
                if isinstance(c, dict):
                    bits.append(f"{c.get('name')} {num(c.get('cv_score'))}, {num(c.get('seconds'), 1)} s"
                                f"{' (picked)' if c.get('picked') else ''}")
            if "coverage" in v:
                bits.append("coverage " + json.dumps(v["coverage"], ensure_ascii=False)[:160])
            if bits:
                notes.append(f"- part {key}, {tag}: " + "; ".join(bits))
    return lines, notes


def machine_line(results):
    m = results.get("machine", {})
    return (f"Machine: {m.get('cpus')} CPUs ({m.get('cpu')}), Python {m.get('python')}, scikit-learn "
            f"{m.get('sklearn')}. Peers: LogisticRegression(C={PEER_C:g}, class_weight=balanced) on unit-norm "
            f"vectors; frozen embeddings from `debut encode` (the project's default encoder).")


def write_outputs(results, md_path, readme):
    lines, notes = render(results)
    runs = ", ".join(f"{k}: {v['run']}" for k, v in sorted(results["parts"].items()))
    body = "\n".join(lines) + "\n\n" + machine_line(results) + f" Runs (Debut commit, date): {runs}.\n"
    if notes:
        body += "\n" + "\n".join(notes) + "\n"
    with open(md_path, "w") as f:
        f.write("# bench/quality\n\n" + body)
    if readme:
        p = os.path.join(ROOT, "README.md")
        s = open(p, encoding="utf-8").read()
        pat = re.compile(r"<!-- quality:begin -->.*?<!-- quality:end -->", re.S)
        if pat.search(s):
            s = pat.sub(lambda _: "<!-- quality:begin -->\n" + body + "<!-- quality:end -->", s)
            open(p, "w", encoding="utf-8").write(s)
        else:
            print("quality: README.md has no <!-- quality:begin --> marker; table not placed", file=sys.stderr)
    print(body)


def git_rev():
    try:
        rev = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty", "--abbrev=7"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
        return rev or "unknown"
    except OSError:
        return "unknown"


debut_cli = None


def main():
    global debut_cli
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--debut", default=os.path.join(ROOT, "build/app/debut"))
    ap.add_argument("--seeds", type=int, default=None, help="seeds per part (default 5; --quick: 1)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 1 seed, 8 labels/class, 50 test items/class")
    ap.add_argument("--only", default="a,b,c,f,g,h", help="parts to run: a,b,c,d,e,f,g,h (default a,b,c,f,g,h)")
    ap.add_argument("--shots", default=None, help="labels per class for (c) (default 8,16,32; --quick: 8)")
    ap.add_argument("--test-per-class", type=int, default=None,
                    help="(c)/(d) test items per class and seed (default 150 = 600 test items; --quick: 50)")
    ap.add_argument("--pool-per-class", type=int, default=150, help="(d) unlabelled pool per class")
    ap.add_argument("--scale-items", type=int, default=5000, help="(e) catalogue size")
    ap.add_argument("--log-items", type=int, default=100, help="(g) items viewed per segment")
    ap.add_argument("--log-shared", action="store_true", help="(g) every segment views the same items")
    ap.add_argument("--customers", type=int, default=8, help="(h) customers per segment")
    ap.add_argument("--data", default=os.path.join(os.environ.get("DEBUT_SHARED", os.path.join(ROOT, "..", "shared")),
                                                   "datasets/ecommerce-text/ecommerce_text.csv"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build/bench-quality"))
    ap.add_argument("--results", default=None, help="results file stem (default bench/results/quality)")
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--train-args", default="",
                    help="extra arguments for every `debut train`, e.g. '--mode head' (A/B of a forced mode; "
                         "use with --results and --no-readme)")
    a = ap.parse_args()
    seeds = a.seeds if a.seeds is not None else (1 if a.quick else 5)
    a.seed_list = list(range(seeds))
    a.shot_list = [int(s) for s in (a.shots or ("8" if a.quick else "8,16,32")).split(",")]
    if a.test_per_class is None:
        a.test_per_class = 50 if a.quick else 150
    if a.quick:
        a.pool_per_class = min(a.pool_per_class, 60)
    parts = [p.strip() for p in a.only.split(",") if p.strip()]
    bad = [p for p in parts if p not in "abcdefgh" or len(p) != 1]
    if bad:
        ap.error(f"--only: unknown part(s) {','.join(bad)} (a, b, c, d, e, f, g, h)")
    if not os.access(a.debut, os.X_OK):
        ap.error(f"--debut: {a.debut} is not an executable (build it: cmake --build build --target debut)")
    os.makedirs(a.work, exist_ok=True)
    debut_cli = Debut(a.debut, a.work, shlex.split(a.train_args))
    open(debut_cli.log, "w").close()
    stem = a.results or (os.path.join(a.work, "quality-quick") if a.quick
                         else os.path.join(ROOT, "bench/results", "quality"))
    os.makedirs(os.path.dirname(stem), exist_ok=True)

    results = {"parts": {}}
    if os.path.exists(stem + ".json"):
        try:
            results = json.load(open(stem + ".json"))
        except ValueError:
            pass
    import sklearn
    cpu = platform.machine()
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    results["machine"] = {"cpus": os.cpu_count(), "cpu": cpu,
                          "python": platform.python_version(), "sklearn": sklearn.__version__}
    run_tag = f"{git_rev()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    fns = {"a": part_a, "b": part_b, "c": part_c, "d": part_d, "e": part_e, "f": part_f, "g": part_g, "h": part_h}
    for p in parts:
        t0 = time.perf_counter()
        print(f"quality: part {p} ...", file=sys.stderr)
        r = fns[p](a, a.work)
        r["run"] = run_tag
        r["seeds"] = a.seed_list
        r["wall_seconds"] = time.perf_counter() - t0
        results["parts"][p] = r
        with open(stem + ".json", "w") as f:  # after each part: a later failure keeps what was measured
            json.dump(results, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"quality: part {p} done in {r['wall_seconds']:.0f} s", file=sys.stderr)
    write_outputs(results, stem + ".md", not (a.quick or a.no_readme))


if __name__ == "__main__":
    main()
