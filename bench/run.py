#!/usr/bin/python3
"""bench/run's driver: measures every row side by side (Debut, then its peer, same
machine, same thread count, same run) and prints ONE markdown table, also written to
bench/results/latest.md. A row whose component is not built yet prints "n/a (reason)".

Rows
  import      1,000,000 generated catalogue rows: `debut new` + `debut import-items`
              (rows/s, peak RSS of the process) vs Python's csv + sqlite3 into the same
              items table in one transaction (bench/peer_import.py); plus the store's own
              bench/import_bench binary when built
  embed       USE-Lite items/s: bench/embed_bench (Debut vs the reference TF.js runtime)
  finetune    `debut train --mode full` examples/s (from the run's epoch metrics) vs
              bench/peer_finetune.py (PyTorch from Python, same model, head and batch)
  score       `debut score` over the whole sample catalogue (wall clock of the command)
              vs the PyTorch forward pass of the same model (peer_finetune.py score)
  stream      peak RSS of `debut score` and `debut export` over --stream-items generated items
              (default 1,000,000; a head-only USE-Lite run on 60 labels, 2 segments)
  fewshot     macro-F1 / AUC at 8/16/32 labels per class, 5 seeds (bench/fewshot.py)
  gui         worst event-loop stall while training (when the workbench offers it)
  distributed `debut train --mode full` as 2 c10d workers on this machine vs one process
"""
import argparse
import csv
import datetime
import glob
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"


class NA(Exception):
    """A row that cannot be measured; the message is the reason shown in the table."""


def measure(cmd, env=None, cwd=None, log=None):
    """Runs cmd; returns (seconds, None, stdout); raises NA when it fails."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, text=True)
    out, err = p.communicate()
    dt = time.perf_counter() - t0
    if log:
        with open(log, "a") as f:
            f.write(f"$ {' '.join(cmd)}\n{out[-4000:]}\n{err[-4000:]}\n")
    if p.returncode != 0:
        last = (err.strip().splitlines() or ["exit %d" % p.returncode])[-1]
        raise NA(f"`{os.path.basename(cmd[0])} {cmd[1] if len(cmd) > 1 else ''}` failed: {last[:120]}")
    return dt, None, out


def measure_rss(cmd, env=None, log=None):
    """Like measure() but through /usr/bin/time -v for the peak RSS of the command itself."""
    if not os.path.exists("/usr/bin/time"):
        dt, _, out = measure(cmd, env=env, log=log)
        return dt, None, out
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    dt = time.perf_counter() - t0
    if log:
        with open(log, "a") as f:
            f.write(f"$ {' '.join(cmd)}\n{p.stdout[-4000:]}\n{p.stderr[-4000:]}\n")
    if p.returncode != 0:
        lines = [l for l in p.stderr.splitlines() if not l.startswith("\t") and "Command exited" not in l]
        raise NA(f"`{os.path.basename(cmd[0])} {cmd[1]}` failed: {(lines or ['?'])[-1][:120]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return dt, (int(m.group(1)) / 1024 if m else None), p.stdout


def fmt(x, digits=0):
    if x is None:
        return "?"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def ratio(ours, peer):
    if not ours or not peer:
        return "–"
    return f"{ours / peer:.2f}×"


class Bench:
    def __init__(self, args):
        self.a = args
        self.build = os.path.join(ROOT, args.build)
        self.debut = os.path.join(self.build, "app", "debut")
        self.work = os.path.join(self.build, "bench-work")
        os.makedirs(self.work, exist_ok=True)
        self.log = os.path.join(self.work, "bench.log")
        open(self.log, "w").close()
        self.threads = args.threads or os.cpu_count()
        self.env = dict(os.environ, OMP_NUM_THREADS=str(self.threads), DEBUT_THREADS=str(self.threads))
        self.rows = []
        self.notes = []

    def need_debut(self):
        if not os.path.exists(self.debut):
            raise NA("debut CLI not built")

    def debut_has(self, command):
        self.need_debut()
        r = subprocess.run([self.debut, command, "--help"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise NA(f"`debut {command}` not implemented yet")

    def row(self, name, fn):
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            rows = fn()
        except NA as e:
            rows = [(name, f"n/a ({e})", "", "", "")]
        except Exception as e:  # a harness bug must not lose the other rows
            rows = [(name, f"n/a (error: {str(e)[:150]})", "", "", "")]
        self.rows += rows
        print(f"bench: {name} done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)

    # ---------------------------------------------------------------- import
    def gen_rows(self, n, script="latin"):
        path = os.path.join(self.work, f"items_{n}{'' if script == 'latin' else '_' + script}.csv")
        if os.path.exists(path):
            return path
        rng = random.Random(7)
        words = ("alpine trail compact steel organic cotton walnut classic sport premium recycled matte "
                 "kitchen lamp kettle jacket boots speaker charger serum candle blocks puzzle tote wool "
                 "waterproof lightweight handcrafted family student minimalist bamboo linen leather").split()
        if script == "zh":   # USE-Lite does not cover it: the auto learner trains the lexical model
            words = ("户外 登山 轻便 不锈钢 有机 棉质 胡桃木 经典 运动 高端 再生 哑光 厨房 台灯 水壶 夹克 靴子 "
                     "音箱 充电器 精华 蜡烛 积木 拼图 手提袋 羊毛 防水 轻量 手工 家庭 学生 极简 竹制 亚麻 皮革").split()
        cats = ["outdoor", "kitchen", "fashion", "electronics", "beauty", "home", "toys"]
        tmp = path + ".tmp"
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "title", "description", "price", "brand", "category", "colour"])
            for i in range(n):
                sep = "" if script == "zh" else " "
                title = sep.join(rng.choice(words) for _ in range(rng.randint(2, 6))).title()
                desc = sep.join(rng.choice(words) for _ in range(rng.randint(0, 40)))
                if i % 97 == 0:
                    desc += ', with "quotes", commas\nand a second line'
                price = "" if i % 31 == 0 else f"{rng.uniform(2, 900):.2f}"
                w.writerow([f"G{i:07d}", title, desc, price, f"Brand{i % 500}", cats[i % 7], rng.choice(words)])
        os.replace(tmp, path)
        return path

    def bench_import(self):
        n = self.a.import_rows
        self.need_debut()
        src = self.gen_rows(n)
        proj = os.path.join(self.work, "import.debut")
        for s in ("", "-wal", "-shm"):
            if os.path.exists(proj + s):
                os.remove(proj + s)
        measure([self.debut, "new", proj], env=self.env, log=self.log)
        dt, rss, _ = measure_rss([self.debut, "import-items", proj, src], env=self.env, log=self.log)
        ours = n / dt
        pdb = os.path.join(self.work, "import_peer.sqlite")
        pdt, prss, _ = measure_rss([PY, os.path.join(ROOT, "bench/peer_import.py"), src, pdb], log=self.log)
        peer = n / pdt
        rows = [(f"Import {n:,} rows (CSV → project), rows/s", fmt(ours), fmt(peer), ratio(ours, peer),
                 "peer: Python csv + sqlite3, one transaction, same schema"),
                (f"Import {n:,} rows, peak RSS (MiB, lower is better)", fmt(rss), fmt(prss),
                 ratio(rss, prss) if rss and prss else "–", "target < 300 MiB; ≥ 100k rows/s")]
        ib = self.find_binary("import_bench")
        if ib:
            try:
                _, _, out = measure([ib], env=self.env, log=self.log)
                self.notes.append("bench/import_bench (store library directly): " + " ".join(out.split())[:300])
            except NA as e:
                self.notes.append(f"bench/import_bench: {e}")
        return rows

    def find_binary(self, name):
        for p in glob.glob(os.path.join(self.build, "**", name), recursive=True):
            if os.access(p, os.X_OK) and os.path.isfile(p):
                return p
        return None

    # ---------------------------------------------------------------- embed
    def bench_embed(self):
        eb = self.find_binary("embed_bench")
        script = os.path.join(ROOT, "bench", "embed_bench.sh")
        if not eb and not os.path.exists(script):
            raise NA("bench/embed_bench not written yet")
        cmd = [script] if os.path.exists(script) else [eb]
        _, _, out = measure(cmd, env=self.env, log=self.log)
        # Expected: a JSON line {"ours_items_per_s":…, "peer_items_per_s":…, "peer":…}
        # or a markdown row; take the JSON when present.
        for line in reversed(out.splitlines()):
            line = line.strip()
            if line.startswith("{"):
                j = json.loads(line)
                o = j.get("ours_items_per_s") or j.get("debut_items_per_s")
                p = j.get("peer_items_per_s") or j.get("reference_items_per_s")
                rows = [("USE-Lite embedding, items/s", fmt(o, 1), fmt(p, 1), ratio(o, p),
                         j.get("note_fp32", j.get("note", "peer: " + str(j.get("peer", "reference TF.js runtime")))))]
                q = j.get("ours_bf16_items_per_s")
                if q:
                    rows.append(("USE-Lite embedding with `--precision bf16`, items/s", fmt(q, 1), fmt(p, 1),
                                 ratio(q, p), j.get("note_bf16", "")))
                elif j.get("bf16_skipped"):
                    rows.append(("USE-Lite embedding with `--precision bf16`, items/s", "–", fmt(p, 1), "–",
                                 "not measured: " + j["bf16_skipped"]))
                return rows
            if line.startswith("|"):
                cells = [c.strip() for c in line.strip("|").split("|")]
                return [tuple((cells + [""] * 5)[:5])]
        raise NA("embed_bench printed no result")

    # ---------------------------------------------------------------- sample project
    def sample_project(self, name, with_truth=False, limit=0):
        """A project with the sample catalogue; task style (merchandiser labels), and for
        with_truth a task style_all labelled from ground_truth.csv (first `limit` items)."""
        self.debut_has("import-labels")
        proj = os.path.join(self.work, name)
        for s in ("", "-wal", "-shm"):
            if os.path.exists(proj + s):
                os.remove(proj + s)
        sd = os.path.join(ROOT, "sample_data")
        measure([self.debut, "new", proj], env=self.env, log=self.log)
        measure([self.debut, "import-items", proj, os.path.join(sd, "catalogue.csv")], env=self.env, log=self.log)
        measure([self.debut, "import-labels", proj, os.path.join(sd, "labels_style.csv"), "--task", "style",
                 "--kind", "multiclass"], env=self.env, log=self.log)
        if with_truth:
            lab = os.path.join(self.work, "style_all.csv")
            with open(os.path.join(sd, "ground_truth.csv"), newline="") as f:
                rows = [(r["item_id"], r["style"]) for r in csv.DictReader(f)]
            with open(lab, "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["item_id", "label"])
                w.writerows(rows[:limit] if limit else rows)
            measure([self.debut, "import-labels", proj, lab, "--task", "style_all", "--kind", "multiclass"],
                    env=self.env, log=self.log)
        return proj

    def bench_finetune(self):
        """Fine-tuning throughput, full mode (every encoder weight + head): Debut's
        `debut train` (examples/s of its one training epoch, from `debut report --json`)
        and bench/peer_finetune.py (PyTorch from Python) on the same model (USE-Lite +
        the Classifier head), the same batch size (32), the same max length (128), the
        same number of threads, the same length-bucketed batches and the same number
        of training examples, one after the other in this run."""
        self.debut_has("train")
        self.debut_has("report")
        n = self.a.finetune_items
        proj = self.sample_project("finetune.debut", with_truth=True, limit=n)
        # Alternating Debut / peer epochs, best of each: a busy machine slows whichever
        # side happens to run during a burst; alternating and taking each side's best
        # keeps the comparison fair.
        peer_cmd = [PY, os.path.join(ROOT, "bench/peer_finetune.py"), "finetune", "--catalogue",
                    os.path.join(ROOT, "sample_data/catalogue.csv"), "--truth",
                    os.path.join(ROOT, "sample_data/ground_truth.csv"), "--mode", "full", "--batch",
                    "32", "--epochs", "1", "--threads", str(self.threads), "--models", self.models_dir()]
        # Debut sets OMP_WAIT_POLICY=PASSIVE for itself (core/runtime/omp_passive.cpp); the
        # peer runs as a Python user runs it (default environment) and, as a second row,
        # with the same setting, so the table shows both what a user gets and the engines
        # compared like for like.
        passive_env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
        ours_all, samples, best = [], {"default": [], "passive": []}, {}
        train_count = int(n * 0.8)
        for _ in range(max(1, self.a.finetune_repeats)):
            measure([self.debut, "train", proj, "--task", "style_all", "--mode", "full", "--epochs", "1",
                     "--batch", "32", "--seed", "1", "--threads", str(self.threads)], env=self.env, log=self.log)
            _, _, rep = measure([self.debut, "report", proj, "--task", "style_all", "--json"], env=self.env,
                                log=self.log)
            first = (json.loads(rep).get("epochs") or [{}])[0]
            ours = first.get("examples_per_s")
            train_count = first.get("train_count") or train_count
            if not ours:
                raise NA("`debut report --json` has no examples_per_s")
            ours_all.append(ours)
            for kind, env in (("default", None), ("passive", passive_env)):
                _, _, out = measure(peer_cmd + ["--limit", str(train_count)], env=env, log=self.log)
                q = json.loads(out.strip().splitlines()[-1])
                samples[kind].append(q["examples_per_s"])
                if kind not in best or q["examples_per_s"] >= best[kind]["examples_per_s"]:
                    best[kind] = q
        p, pt = best["default"], best["passive"]
        peer_all, tuned_all = samples["default"], samples["passive"]
        ours = max(ours_all)
        os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
        with open(os.path.join(ROOT, "bench", "results", "finetune.json"), "w") as f:
            json.dump({"debut_examples_per_s": ours, "peer_examples_per_s": p["examples_per_s"],
                       "ratio": ours / p["examples_per_s"],
                       "peer_passive_examples_per_s": pt["examples_per_s"],
                       "ratio_passive": ours / pt["examples_per_s"],
                       "debut_samples": ours_all, "peer_samples": peer_all, "peer_passive_samples": tuned_all,
                       "debut_train_count": train_count, "peer": p, "threads": self.threads,
                       "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, f, indent=1)
        common = (f"{train_count} examples, batch 32, max 128 tokens, length-bucketed batches on both sides, "
                  f"best of {len(ours_all)} alternating epochs each; peer: {p['peer']}")
        return [("Fine-tuning USE-Lite + head (full), examples/s", fmt(ours, 1), fmt(p["examples_per_s"], 1),
                 ratio(ours, p["examples_per_s"]), common + ", default environment"),
                ("Fine-tuning, peer with OMP_WAIT_POLICY=PASSIVE, examples/s", fmt(ours, 1),
                 fmt(pt["examples_per_s"], 1), ratio(ours, pt["examples_per_s"]),
                 "the same runs; the peer given the OpenMP setting Debut applies to itself: the engines like for like")]

    def bench_distributed(self):
        """Data-parallel fine-tuning on c10d (docs/distributed.md): `debut train --mode full`
        (USE-Lite + head, 1 epoch, global batch 32) as one process with every thread, then as
        two workers on this machine (loopback TCPStore + Gloo, the threads split between them),
        the same examples and seed. Rank 0's examples/s counts the whole global batch. On one
        machine the two workers share its cores, so the row shows what the all-reduce costs,
        not a speed-up; more machines add their cores (the arithmetic is in the doc)."""
        self.debut_has("train")
        n = self.a.finetune_items
        proj = self.sample_project("dist.debut", with_truth=True, limit=n)
        base = [self.debut, "train", proj, "--task", "style_all", "--mode", "full", "--epochs", "1", "--batch",
                "32", "--seed", "1", "--dropout", "0"]

        def rate():
            _, _, rep = measure([self.debut, "report", proj, "--task", "style_all", "--json"], env=self.env,
                                log=self.log)
            first = (json.loads(rep).get("epochs") or [{}])[0]
            if not first.get("examples_per_s"):
                raise NA("`debut report --json` has no examples_per_s")
            return first["examples_per_s"], first.get("train_count"), first.get("trainable_params")

        per = max(1, self.threads // 2)
        ones, twos = [], []
        for _ in range(max(1, self.a.finetune_repeats)):   # alternating, best of each (a busy machine)
            measure(base + ["--threads", str(self.threads)], env=self.env, log=self.log)
            ones.append(rate())
            port = str(20000 + random.randrange(30000))
            env = dict(self.env, MASTER_ADDR="127.0.0.1", MASTER_PORT=port, WORLD_SIZE="2",
                       OMP_NUM_THREADS=str(per), DEBUT_THREADS=str(per))
            worker = subprocess.Popen(base + ["--threads", str(per)], env=dict(env, RANK="1", LOCAL_RANK="1"),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            measure(base + ["--threads", str(per)], env=dict(env, RANK="0", LOCAL_RANK="0"), log=self.log)
            if worker.wait() != 0:
                raise NA("rank 1 failed (see bench-work/bench.log)")
            twos.append(rate())
        one, count, params = max(ones)
        two = max(twos)[0]
        os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
        with open(os.path.join(ROOT, "bench", "results", "distributed.json"), "w") as f:
            json.dump({"one_process_examples_per_s": one, "two_workers_examples_per_s": two, "train_count": count,
                       "trainable_params": params, "one_process_samples": [r[0] for r in ones],
                       "two_workers_samples": [r[0] for r in twos], "threads": self.threads,
                       "threads_per_worker": per, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())},
                      f, indent=1)
        return [("Data-parallel full fine-tuning, 2 workers on one machine, examples/s", fmt(two, 1), fmt(one, 1),
                 ratio(two, one),
                 f"peer: the same `debut train` as one process ({self.threads} threads); 2 workers x {per} "
                 f"thread(s), loopback TCPStore + Gloo, {count} examples, global batch 32, USE-Lite + head "
                 f"({params:,} parameters), best of {len(ones)} alternating runs each; the same cores: no "
                 "speed-up to expect, the row shows what the all-reduce costs (docs/distributed.md)")]

    def models_dir(self):
        return os.environ.get("DEBUT_MODELS_DIR", os.path.join(ROOT, ".cache", "models"))

    def bench_score(self):
        self.debut_has("score")
        proj = self.sample_project("score.debut")
        measure([self.debut, "train", proj, "--task", "style", "--mode", "head", "--seed", "1"], env=self.env,
                log=self.log)
        with open(os.path.join(ROOT, "sample_data/catalogue.csv"), newline="", encoding="utf-8") as f:
            n = sum(1 for _ in csv.DictReader(f))
        dt, _, _ = measure([self.debut, "score", proj, "--task", "style"], env=self.env, log=self.log)
        ours = n / dt
        _, _, out = measure([PY, os.path.join(ROOT, "bench/peer_finetune.py"), "score", "--catalogue",
                             os.path.join(ROOT, "sample_data/catalogue.csv"), "--threads", str(self.threads),
                             "--models", self.models_dir()], log=self.log)
        p = json.loads(out.strip().splitlines()[-1])
        _, _, out = measure([PY, os.path.join(ROOT, "bench/peer_finetune.py"), "score", "--catalogue",
                             os.path.join(ROOT, "sample_data/catalogue.csv"), "--threads", str(self.threads),
                             "--models", self.models_dir()], env=dict(os.environ, OMP_WAIT_POLICY="PASSIVE"),
                            log=self.log)
        pt = json.loads(out.strip().splitlines()[-1])
        return [(f"Scoring the sample catalogue ({n:,} items), items/s", fmt(ours, 1), fmt(p["items_per_s"], 1),
                 ratio(ours, p["items_per_s"]),
                 "ours: whole `debut score` command (load, tokenise, score, store); peer: forward pass only, "
                 f"default environment; with OMP_WAIT_POLICY=PASSIVE the peer does {pt['items_per_s']:.1f} "
                 f"({ratio(ours, pt['items_per_s'])})")]

    # ---------------------------------------------------------------- streaming
    def bench_stream(self):
        """Peak RSS of `debut score` and `debut export` on N generated items (target: under
        500 MiB at 1,000,000). --stream-model head: a USE-Lite head run, whose scoring runs the
        encoder on every item (about 150 items/s on 2 cores, so 1,000,000 items take hours);
        --stream-model lexical: a Chinese catalogue that USE-Lite does not cover, so the
        default auto run is the lexical model and 1,000,000 items score in minutes. The
        paging, staging and export are the same code in both."""
        n = self.a.stream_items
        lexical = self.a.stream_model == "lexical"
        self.need_debut()
        src = self.gen_rows(n, "zh" if lexical else "latin")
        proj = os.path.join(self.work, f"stream_{n}_{self.a.stream_model}.debut")
        for s in ("", "-wal", "-shm"):
            if os.path.exists(proj + s):
                os.remove(proj + s)
        measure([self.debut, "new", proj], env=self.env, log=self.log)
        measure([self.debut, "import-items", proj, src], env=self.env, log=self.log)
        labels = os.path.join(self.work, "stream_labels.csv")
        with open(labels, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["item_id", "label", "segment"])
            for i in range(60):
                w.writerow([f"G{i:07d}", str(i % 2), "" if i < 40 else "vip"])
        measure([self.debut, "import-labels", proj, labels, "--task", "bought", "--kind", "binary"], env=self.env,
                log=self.log)
        mode = ["--mode", "auto"] if lexical else ["--mode", "head"]
        measure([self.debut, "train", proj, "--task", "bought", "--seed", "1"] + mode, env=self.env, log=self.log)
        dt, rss, _ = measure_rss([self.debut, "score", proj, "--task", "bought"], env=self.env, log=self.log)
        out = os.path.join(self.work, "stream.csv")
        edt, erss, _ = measure_rss([self.debut, "export", proj, "--task", "bought", "--out", out], env=self.env,
                                   log=self.log)
        what = "lexical auto run, Chinese text" if lexical else "USE-Lite head run"
        return [(f"Score {n:,} items x 2 segments ({what}), peak RSS (MiB)", fmt(rss), "–", "–",
                 f"target < 500 MiB; {n / dt:,.0f} items/s; pages of 512 items, rows staged in SQLite"),
                (f"Export {2 * n - 60:,} ranked rows, peak RSS (MiB)", fmt(erss), "–", "–",
                 f"target < 500 MiB; {edt:.1f} s; predictions streamed into the CSV")]

    # ---------------------------------------------------------------- few-shot
    def bench_fewshot(self):
        data = os.path.join(os.environ.get("DEBUT_SHARED", os.path.join(ROOT, "..", "shared")),
                            "datasets/ecommerce-text/ecommerce_text.csv")
        if not os.path.exists(data):
            raise NA(f"{data} not found")
        cmd = [PY, os.path.join(ROOT, "bench/fewshot.py"), "--debut", self.debut, "--data", data,
               "--seeds", str(self.a.seeds), "--work", os.path.join(self.work, "fewshot"),
               "--threads", str(self.threads),
               "--results", os.path.join(ROOT, "bench", "results", "fewshot.json")]
        skip = None
        try:
            self.debut_has("train")
            self.debut_has("export")
        except NA as e:
            skip = str(e)
            cmd.append("--skip-debut")
        _, _, out = measure(cmd, env=self.env, log=self.log)
        j = json.loads(out)
        rows = []
        for metric, label in (("f1", "macro-F1"), ("auc", "AUC")):
            for k, v in j["shots"].items():
                d, p = v["debut"].get(metric), v["peer"].get(metric)
                ms = lambda s: f"{s['mean']:.3f} ± {s['sd']:.3f}" if s else f"n/a ({skip})"
                rows.append((f"Few-shot {label}, {k} labels/class ({j['seeds']} seeds)", ms(d), ms(p),
                             ratio(d["mean"], p["mean"]) if d and p else "–",
                             f"peer: TF-IDF + logistic regression; ours: {j.get('debut_recipe', 'debut train --mode head')}; "
                             f"4 classes, {j.get('test_per_class', '?')} test items/class/seed, "
                             "e-commerce listings (Gautam 2019)"))
        return rows

    # ---------------------------------------------------------------- gui
    def bench_gui(self):
        """The GUI workflow test trains in the workbench (offscreen) with a 5 ms timer probe
        on the GUI thread and prints the worst gap between its ticks."""
        t = self.find_binary("test_gui_workflow")
        if not t:
            raise NA("tests/test_gui_workflow not built")
        _, _, out = measure([t], env=dict(self.env, QT_QPA_PLATFORM="offscreen"), log=self.log)
        m = re.search(r"worst event-loop stall while training: ([\d.]+) ms", out)
        if not m:
            raise NA("test_gui_workflow printed no stall figure")
        return [("GUI worst event-loop stall while training, ms (lower is better)", m.group(1), "–", "–",
                 "5 ms timer probe on the GUI thread (tests/test_gui_workflow, offscreen); no peer")]

    # ---------------------------------------------------------------- report
    def machine(self):
        cpu, flags = "?", set()
        try:
            for line in open("/proc/cpuinfo"):
                if line.startswith("model name") and cpu == "?":
                    cpu = line.split(":", 1)[1].strip()
                elif line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
        except OSError:
            pass
        # The widest vector arithmetic decides the GEMM peaks (and whether bf16 is measured at all).
        isa = ("AMX-BF16" if "amx_bf16" in flags else "AVX-512 BF16" if "avx512_bf16" in flags
               else "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "")
        if isa:
            cpu += ", " + isa
        mem = "?"
        try:
            for line in open("/proc/meminfo"):
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
        except OSError:
            pass

        def pkg(name):
            r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
            return r.stdout.strip() or "?"

        def pyver(mod):
            r = subprocess.run([PY, "-c", f"import {mod}; print({mod}.__version__)"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
            return r.stdout.strip() or "?"
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                                text=True).stdout.strip()
        return (f"Machine: {os.cpu_count()} cores ({cpu}), {mem} RAM, {platform.system()} {platform.release()}; "
                f"threads: {self.threads} for Debut and every peer. Versions: Debut {commit}, "
                f"LibTorch {pkg('libtorch-dev')}, SQLite {pkg('libsqlite3-dev')}, Qt {pkg('qt6-base-dev')}, "
                f"gcc {pkg('g++')}; peers: Python {platform.python_version()}, PyTorch {pyver('torch')}, "
                f"scikit-learn {pyver('sklearn')}, Node {node_version()}. Date: "
                f"{datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.")

    def table(self):
        out = ["| Benchmark | Debut | Peer | Debut / peer | Notes |", "|---|---|---|---|---|"]
        for r in self.rows:
            out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
        text = "\n".join(out) + "\n\n" + self.machine() + "\n"
        if self.notes:
            text += "\n" + "\n".join("- " + n for n in self.notes) + "\n"
        return text


def walk(obj, prefix=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk(v, prefix)
    else:
        yield prefix, obj


def node_version():
    node = shutil.which("node")
    if not node:
        return "?"
    return subprocess.run([node, "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--import-rows", type=int, default=1_000_000)
    ap.add_argument("--finetune-items", type=int, default=320)
    ap.add_argument("--finetune-repeats", type=int, default=2, help="alternating Debut/peer epochs (best of each)")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--stream-items", type=int, default=1_000_000, help="items of the streaming (RSS) row")
    ap.add_argument("--stream-model", choices=("lexical", "head"), default="lexical",
                    help="the streaming row's model: lexical (minutes at 1,000,000) or USE-Lite head (hours)")
    ap.add_argument("--only", default="", help="comma list of rows: import,embed,finetune,score,stream,fewshot,gui,distributed")
    a = ap.parse_args()
    b = Bench(a)
    rows = [("import", b.bench_import), ("embed", b.bench_embed), ("finetune", b.bench_finetune),
            ("score", b.bench_score), ("stream", b.bench_stream), ("fewshot", b.bench_fewshot), ("gui", b.bench_gui),
            ("distributed", b.bench_distributed)]
    only = set(filter(None, a.only.split(",")))
    for name, fn in rows:
        if not only or name in only:
            b.row(name, fn)
    text = b.table()
    print(text)
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "latest.md"), "w") as f:
        f.write(text)
    if not only:  # a full run is the README's table (between the bench markers)
        readme = os.path.join(ROOT, "README.md")
        with open(readme, encoding="utf-8") as f:
            md = f.read()
        a, b = md.find("<!-- bench:begin -->"), md.find("<!-- bench:end -->")
        if a >= 0 and b > a:
            md = md[:a] + "<!-- bench:begin -->\n" + text + md[b:]
            with open(readme, "w", encoding="utf-8") as f:
                f.write(md)


if __name__ == "__main__":
    main()
