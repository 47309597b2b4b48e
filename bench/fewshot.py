#!/usr/bin/python3
"""Few-shot benchmark: Debut (`debut train --mode head`) vs TF-IDF + logistic regression.

Data: the real e-commerce listings (Gautam 2019, CC BY 4.0, doi 10.5281/zenodo.3355823),
`category` is the label (4 classes) and never given to either side as a feature.
For each seed: a stratified test set of --test-per-class items per class, and from the
rest nested training sets of k = 8, 16, 32 labels per class. Both sides see exactly the
same files. Debut: one project per seed holding the test and training items, one task
per k, `debut train --mode head --seed S`, then `debut export` gives the class
probabilities of every unlabelled item; `debut report --json` is kept beside them. Both
sides are scored by the same code (peer_tfidf.scores: macro-F1 of the arg-max, macro
one-vs-rest AUC). Prints JSON: {k: {"debut": {...mean/sd...}, "peer": {...}}}.
"""
import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import time

# Debut's recipe: the same for every seed and size, fixed before looking at the
# test sets: the frozen USE-Lite encoder + the linear head (head mode, "balanced"
# preset: early stopping on the dev macro-F1, k-fold CV when a class has < 8
# labels, temperature scaling). Prepended by --recipe-args when given.
DEBUT_RECIPE = ["--mode", "head", "--preset", "balanced"]

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_tfidf  # noqa: E402


def split_text(text):
    """Title = the first sentence (at most ~150 characters), description = the rest."""
    cut = text.find(". ")
    if 0 < cut <= 150:
        return text[:cut], text[cut + 2:]
    if len(text) <= 150:
        return text, ""
    sp = text.rfind(" ", 0, 150)
    sp = sp if sp > 40 else 150
    return text[:sp], text[sp:].lstrip()


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def run(cmd, log):
    with open(log, "a") as lf:
        lf.write("$ " + " ".join(cmd) + "\n")
        lf.flush()
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=lf, text=True)
        lf.write(r.stdout)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:2])} exited {r.returncode} (see {log})")
    return r.stdout


def debut_probs(export_csv, wanted):
    with open(export_csv, newline="", encoding="utf-8-sig") as f:
        rd = csv.DictReader(f)
        pcols = [c for c in rd.fieldnames if c.startswith("p_")]
        classes = [c[2:] for c in pcols]
        probs = {r["item_id"]: [float(r[c]) for c in pcols] for r in rd if r["item_id"] in wanted}
    return classes, probs


def summary(vals):
    return {"mean": statistics.mean(vals), "sd": statistics.stdev(vals) if len(vals) > 1 else 0.0,
            "values": vals}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--debut", default=os.path.join(root, "build/app/debut"))
    ap.add_argument("--data", default=os.path.join(os.environ.get("DEBUT_SHARED", os.path.join(root, "..", "shared")),
                                                   "datasets/ecommerce-text/ecommerce_text.csv"))
    ap.add_argument("--work", default=os.path.join(root, "build/bench-fewshot"))
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--shots", default="8,16,32")
    ap.add_argument("--test-per-class", type=int, default=50,
                    help="test items per class and seed (50 x 4 classes keeps a run under ~15 min on 2 cores)")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--skip-debut", action="store_true")
    ap.add_argument("--results", help="also write the JSON result to this file")
    a = ap.parse_args()
    shots = [int(s) for s in a.shots.split(",")]
    os.makedirs(a.work, exist_ok=True)
    log = os.path.join(a.work, "fewshot.log")
    open(log, "w").close()
    csv.field_size_limit(sys.maxsize)
    with open(a.data, newline="", encoding="utf-8") as f:
        rows = [(r["rt_id"], r["category"], r["text"]) for r in csv.DictReader(f)]
    by_class = {}
    for rid, cat, text in rows:
        by_class.setdefault(cat, []).append((rid, text))
    classes = sorted(by_class)

    res = {k: {"debut": {"f1": [], "auc": []}, "peer": {"f1": [], "auc": []}} for k in shots}
    debut_s = 0.0
    wall0 = time.perf_counter()
    for seed in range(a.seeds):
        rng = random.Random(1000 + seed)
        test, train_pool = [], {}
        for c in classes:
            pool = by_class[c][:]
            rng.shuffle(pool)
            test += [(rid, c) for rid, _ in pool[:a.test_per_class]]
            train_pool[c] = [rid for rid, _ in pool[a.test_per_class:a.test_per_class + max(shots)]]
        texts = {rid: t for rid, _, t in rows}
        used = [rid for rid, _ in test] + [rid for c in classes for rid in train_pool[c]]
        d = os.path.join(a.work, f"seed{seed}")
        os.makedirs(d, exist_ok=True)
        items_csv = os.path.join(d, "items.csv")
        write_csv(items_csv, ["id", "title", "description"], [[rid, *split_text(texts[rid])] for rid in used])
        test_csv = os.path.join(d, "test.csv")
        write_csv(test_csv, ["item_id", "label"], test)
        truth = dict(test)
        project = os.path.join(d, "fewshot.debut")
        if not a.skip_debut:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(project + suffix):
                    os.remove(project + suffix)
            run([a.debut, "new", project], log)
            run([a.debut, "import-items", project, items_csv], log)
        for k in shots:
            train_csv = os.path.join(d, f"train{k}.csv")
            write_csv(train_csv, ["item_id", "label"], [[rid, c] for c in classes for rid in train_pool[c][:k]])
            out = subprocess.run([sys.executable, os.path.join(root, "bench/peer_tfidf.py"), "--items", items_csv,
                                  "--train", train_csv, "--test", test_csv, "--seed", str(seed)],
                                 stdout=subprocess.PIPE, text=True, check=True).stdout
            p = json.loads(out)
            res[k]["peer"]["f1"].append(p["macro_f1"])
            res[k]["peer"]["auc"].append(p["auc"])
            if a.skip_debut:
                continue
            task = f"fs{k}"
            t0 = time.perf_counter()
            run([a.debut, "import-labels", project, train_csv, "--task", task, "--kind", "multiclass"], log)
            train_cmd = [a.debut, "train", project, "--task", task, *DEBUT_RECIPE, "--seed", str(seed)]
            if a.threads:
                train_cmd += ["--threads", str(a.threads)]
            run(train_cmd, log)
            ex = os.path.join(d, f"export{k}.csv")
            run([a.debut, "export", project, "--task", task, "--out", ex], log)
            debut_s += time.perf_counter() - t0
            with open(os.path.join(d, f"report{k}.json"), "w") as f:
                f.write(run([a.debut, "report", project, "--task", task, "--json"], log))
            dclasses, probs = debut_probs(ex, truth)
            missing = [rid for rid in truth if rid not in probs]
            if missing:
                raise RuntimeError(f"debut export lacks {len(missing)} test items (e.g. {missing[0]})")
            ids = list(truth)
            f1, auc = peer_tfidf.scores([truth[i] for i in ids], dclasses, [probs[i] for i in ids])
            res[k]["debut"]["f1"].append(f1)
            res[k]["debut"]["auc"].append(auc)
        print(f"fewshot: seed {seed} done", file=sys.stderr)

    out = {"classes": classes, "seeds": a.seeds, "test_per_class": a.test_per_class, "debut_seconds": debut_s,
           "wall_seconds": time.perf_counter() - wall0, "debut_recipe": "debut train " + " ".join(DEBUT_RECIPE),
           "peer": "TF-IDF (word 1-2 grams) + logistic regression, bench/peer_tfidf.py",
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "shots": {}}
    for k in shots:
        out["shots"][str(k)] = {side: {m: summary(v) for m, v in res[k][side].items() if v}
                                for side in ("debut", "peer")}
    text = json.dumps(out, indent=1)
    if a.results:
        os.makedirs(os.path.dirname(os.path.abspath(a.results)), exist_ok=True)
        with open(a.results, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
