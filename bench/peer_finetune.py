#!/usr/bin/python3
"""PyTorch (Python) peer of `debut train` / `debut score` for bench/run.

The same model as Debut's default: USE-Lite (core/models/uselite.h, weights read
from the same TF.js shards) + the Classifier head of core/train/classifier.h
(pooled 512 + price [value, missing flag] + brand/category/segment embeddings of
16 -> dropout 0.1 -> Linear -> C), class-weighted cross-entropy, AdamW
(weight decay 0.01), gradient clipping at 1.0, batch 32, max 128 tokens.

  finetune: trains `--mode full` (every weight) or `head` (frozen encoder) over the
            items for --epochs and prints training examples/s (forward + backward +
            step; tokenisation is done before the clock starts, which favours the peer).
  score:    eval-mode, no-grad forward of every item in batches of 64, items/s.

Prints one JSON object on stdout. Threads: --threads (torch.set_num_threads).
"""
import argparse
import csv
import json
import math
import os
import random
import sys
import time
import unicodedata

import torch
import torch.nn as nn
import torch.nn.functional as F

# ------------------------------------------------------------------ weights


def load_tfjs(model_dir):
    """name -> tensor for every weight of the TF.js manifest (float32 / int32)."""
    with open(os.path.join(model_dir, "model.json")) as f:
        manifest = json.load(f)["weightsManifest"]
    out = {}
    for group in manifest:
        data = b"".join(open(os.path.join(model_dir, p), "rb").read() for p in group["paths"])
        off = 0
        for w in group["weights"]:
            n = math.prod(w["shape"]) if w["shape"] else 1
            dtype = {"float32": torch.float32, "int32": torch.int32}[w["dtype"]]
            t = torch.frombuffer(bytearray(data[off:off + 4 * n]), dtype=dtype).reshape(w["shape"])
            out[w["name"]] = t
            off += 4 * n
    return out


APPLY = "module_apply_default/Encoder_en/KonaTransformer/"
ENC = APPLY + "Encode/"
MOD = "module/Encoder_en/KonaTransformer/Encode/"
STACK = ENC + "TransformerStack/"


def linear_from(w, kname, bname, n_in, n_out):
    lin = nn.Linear(n_in, n_out)
    with torch.no_grad():
        lin.weight.copy_(w[kname].reshape(n_in, n_out).t())
        lin.bias.copy_(w[bname].reshape(n_out))
    return lin


class UseLiteLayer(nn.Module):
    def __init__(self, w, i, heads, q_scale, eps):
        super().__init__()
        L = f"Layer_{i}/TransformerLayer/"
        d = 256 if i == 0 else 512
        self.d, self.heads, self.q_scale, self.eps = d, heads, q_scale, eps
        self.ln1 = nn.LayerNorm(d, eps=eps)
        self.ln2 = nn.LayerNorm(512, eps=eps)
        with torch.no_grad():
            self.ln1.weight.copy_(w[ENC + L + "layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat"])
            self.ln1.bias.copy_(w[ENC + L + "layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat"])
            self.ln2.weight.copy_(w[ENC + L + "FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat"])
            self.ln2.bias.copy_(w[ENC + L + "FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat"])
        self.qkv = linear_from(w, MOD + L + "MultiheadAttention/qkv_transform_single/kernel/part_0",
                               ENC + L + "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", d, 3 * d)
        self.out = linear_from(w, MOD + L + "MultiheadAttention/output_transform_single/kernel/part_0",
                               ENC + L + "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", d, 512)
        self.residual = (linear_from(w, ENC + L + "dense/kernel/ConcatPartitions/concat",
                                     ENC + L + "dense/bias/ConcatPartitions/concat", d, 512) if d != 512 else None)
        S = STACK + L
        self.conv1 = linear_from(w, S + "FFN/conv1/Tensordot/Reshape_1", ENC + L + "FFN/conv1/bias/ConcatPartitions/concat", 512, 1536)
        self.conv2 = linear_from(w, S + "FFN/conv2/Tensordot/Reshape_1", ENC + L + "FFN/conv2/bias/ConcatPartitions/concat", 1536, 512)

    def forward(self, x, keep, bias):
        B, T, D = x.shape
        h = self.ln1(x)
        q, k, v = self.qkv(h).split(D, -1)
        heads = lambda t: t.reshape(B, T, self.heads, D // self.heads).transpose(1, 2)
        q, k, v = heads(q) * self.q_scale, heads(k), heads(v)
        att = torch.softmax(q @ k.transpose(-2, -1) + bias, -1)
        ctx = (att @ v).transpose(1, 2).reshape(B, T, D)
        y = self.out(ctx) + (self.residual(x) * keep if self.residual is not None else x)
        return y + self.conv2(F.relu(self.conv1(self.ln2(y)))) * keep


class UseLite(nn.Module):
    def __init__(self, model_dir):
        super().__init__()
        w = load_tfjs(model_dir)
        self.embeddings = nn.Parameter(w["module/Embeddings_en"].clone())
        self.register_buffer("inv_timescales", w[STACK + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1"].reshape(128).clone())
        heads = int(w[STACK + "Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2"].item())
        eps = float(w[STACK + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x"].item())
        self.layer0 = UseLiteLayer(w, 0, heads, float(w[STACK + "Layer_0/TransformerLayer/MultiheadAttention/mul/y"].item()), eps)
        self.layer1 = UseLiteLayer(w, 1, heads, float(w[STACK + "Layer_1/TransformerLayer/MultiheadAttention/mul/y"].item()), eps)
        self.tanh = linear_from(w, "module/Encoder_en/hidden_layers/tanh_layer_0/weights",
                                "module/Encoder_en/hidden_layers/tanh_layer_0/bias", 512, 512)
        self.att_bias = float(w[STACK + "Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y"].item())

    def forward(self, ids, mask):
        T = ids.shape[1]
        pos = torch.arange(T, dtype=torch.float32).unsqueeze(1) * self.inv_timescales.unsqueeze(0)
        # as core/models/uselite.cpp: the graph adds the embedding twice (2 * embedding + timing)
        x = F.embedding(ids, self.embeddings) * 2.0 + torch.cat([pos.sin(), pos.cos()], 1).unsqueeze(0)
        m = mask.float()
        keep = m.unsqueeze(-1)
        bias = ((1.0 - m) * self.att_bias).unsqueeze(1).unsqueeze(1)
        x = self.layer1(self.layer0(x * keep, keep, bias), keep, bias)
        mean = (x * keep).sum(1) / m.sum(1, keepdim=True).clamp_min(1.0)
        t = torch.tanh(self.tanh(mean))
        return t * torch.rsqrt(t.square().sum(1, keepdim=True).clamp_min(1e-12))


class Classifier(nn.Module):
    """core/train/classifier.h: concat(pooled, price[2], brand, category, segment) -> Linear."""

    def __init__(self, encoder, n_brands, n_categories, n_segments, n_out, side_dim=16, dropout=0.1):
        super().__init__()
        self.encoder = encoder
        self.brand = nn.Embedding(n_brands + 1, side_dim)
        self.category = nn.Embedding(n_categories + 1, side_dim)
        self.segment = nn.Embedding(n_segments + 1, side_dim)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(512 + 2 + 3 * side_dim, n_out)

    def forward(self, ids, mask, price, brand, category, segment, pooled=None):
        if pooled is None:
            pooled = self.encoder(ids, mask)
        x = torch.cat([pooled, price, self.brand(brand), self.category(category), self.segment(segment)], 1)
        return self.head(self.dropout(x))

# ------------------------------------------------------------------ tokeniser


class UseTokenizer:
    """Unigram Viterbi over vocab.json pieces (ids >= 6), '▁' for spaces, unknown runs
    collapsed: close to core/text/usetokenizer.h, enough to give the same lengths."""

    def __init__(self, vocab_path):
        with open(vocab_path) as f:
            vocab = json.load(f)
        self.pieces = {p: (i, s or 0.0) for i, (p, s) in enumerate(vocab) if i >= 6}
        self.maxlen = max(len(p) for p in self.pieces)

    def encode(self, text, max_len=128):
        text = unicodedata.normalize("NFKC", text)
        if not text:
            return []
        s = "\u2581" + text.replace(" ", "\u2581")
        n = len(s)
        best = [(-1e18, None, None)] * (n + 1)
        best[0] = (0.0, None, None)
        for i in range(n):
            if best[i][0] <= -1e17:
                continue
            found = False
            for j in range(i + 1, min(n, i + self.maxlen) + 1):
                hit = self.pieces.get(s[i:j])
                if hit:
                    found = True
                    sc = best[i][0] + hit[1]
                    if sc > best[j][0]:
                        best[j] = (sc, i, hit[0])
            if not found and best[i][0] - 10 > best[i + 1][0]:
                best[i + 1] = (best[i][0] - 10, i, 0)
        ids = []
        j = n
        while j > 0:
            _, i, tok = best[j]
            ids.append(tok)
            j = i
        ids.reverse()
        out = []
        for t in ids:
            if t == 0 and out and out[-1] == 0:
                continue
            out.append(t)
        return out[:max_len]

# ------------------------------------------------------------------ data


def load_items(catalogue, truth):
    with open(catalogue, newline="", encoding="utf-8-sig") as f:
        items = list(csv.DictReader(f))
    labels = {}
    if truth:
        with open(truth, newline="", encoding="utf-8-sig") as f:
            labels = {r["item_id"]: r["style"] for r in csv.DictReader(f)}
    return items, labels


def item_text(it):
    d = it.get("description", "")
    return it["title"] + (". " + d if d else "")


def tensors(items, tok, vocab):
    encs = [tok.encode(item_text(it)) or [0] for it in items]
    prices = []
    for it in items:
        p = it.get("price", "")
        prices.append([math.log1p(max(float(p), 0.0)), 0.0] if p else [0.0, 1.0])
    price = torch.tensor(prices)
    price[:, 0] = (price[:, 0] - price[:, 0].mean()) / price[:, 0].std().clamp_min(1e-6)
    brand = torch.tensor([vocab["brand"].get(it.get("brand", ""), 0) for it in items])
    category = torch.tensor([vocab["category"].get(it.get("category", ""), 0) for it in items])
    return encs, price, brand, category


def batch_of(encs, rows):
    T = max(len(encs[r]) for r in rows)
    ids = torch.zeros(len(rows), T, dtype=torch.long)
    mask = torch.zeros(len(rows), T, dtype=torch.bool)
    for k, r in enumerate(rows):
        e = encs[r]
        ids[k, :len(e)] = torch.tensor(e)
        mask[k, :len(e)] = True
    return ids, mask


def batches_of(encs, batch, by_length):
    """core/train/trainutil.cpp makeBatches: shuffle, then within windows of 16
    batches sort by token length, cut batches, shuffle the batch order (the same
    padding as Debut's fine-tuning batches)."""
    perm = torch.randperm(len(encs)).tolist()
    window = batch * 16 if by_length else len(perm)
    out = []
    for w in range(0, len(perm), window):
        chunk = perm[w:w + window]
        if by_length:
            chunk.sort(key=lambda r: len(encs[r]))
        out += [chunk[s:s + batch] for s in range(0, len(chunk), batch)]
    if by_length:
        out = [out[i] for i in torch.randperm(len(out)).tolist()]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["finetune", "score"])
    ap.add_argument("--catalogue", required=True)
    ap.add_argument("--truth", help="ground_truth.csv: the style of every item (finetune labels)")
    ap.add_argument("--models", default=os.environ.get("DEBUT_MODELS_DIR", ".cache/models"))
    ap.add_argument("--mode", choices=["full", "head"], default="full")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--limit", type=int, default=0, help="use only the first N items")
    ap.add_argument("--no-bucket", action="store_true",
                    help="random batches (default: Debut's length bucketing, see batches_of)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    random.seed(42)

    items, truth = load_items(args.catalogue, args.truth)
    if args.limit:
        items = items[:args.limit]
    tok = UseTokenizer(os.path.join(args.models, "use-lite", "vocab.json"))
    vocab = {"brand": {b: i + 1 for i, b in enumerate(sorted({it.get("brand", "") for it in items} - {""}))},
             "category": {c: i + 1 for i, c in enumerate(sorted({it.get("category", "") for it in items} - {""}))}}
    t0 = time.perf_counter()
    encs, price, brand, category = tensors(items, tok, vocab)
    tok_s = time.perf_counter() - t0
    classes = sorted(set(truth.values())) or ["0", "1"]
    model = Classifier(UseLite(os.path.join(args.models, "use-lite")), len(vocab["brand"]),
                       len(vocab["category"]), 1, len(classes))
    segment = torch.zeros(len(items), dtype=torch.long)
    result = {"peer": f"PyTorch {torch.__version__} (Python {sys.version.split()[0]})",
              "threads": torch.get_num_threads(), "items": len(items), "tokenise_s": round(tok_s, 3)}

    if args.what == "score":
        model.eval()
        order = sorted(range(len(items)), key=lambda r: len(encs[r]))  # length-sorted, as Debut
        t0 = time.perf_counter()
        with torch.no_grad():
            for s in range(0, len(order), 64):
                rows = order[s:s + 64]
                ids, mask = batch_of(encs, rows)
                idx = torch.tensor(rows)
                torch.softmax(model(ids, mask, price[idx], brand[idx], category[idx], segment[idx]), -1)
        dt = time.perf_counter() - t0
        result.update({"seconds": round(dt, 3), "items_per_s": len(items) / dt})
        print(json.dumps(result))
        return

    y = torch.tensor([classes.index(truth[it["id"]]) for it in items])
    counts = torch.bincount(y, minlength=len(classes)).float()
    weights = counts.sum() / (len(classes) * counts.clamp_min(1))
    if args.mode == "head":
        for p in model.encoder.parameters():
            p.requires_grad_(False)
    lr = 1e-2 if args.mode == "head" else 1e-4
    enc_params = [p for p in model.encoder.parameters() if p.requires_grad]
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    groups = [{"params": head_params, "lr": 1e-2}]
    if enc_params:
        groups.append({"params": enc_params, "lr": lr})
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    model.train()
    n = 0
    cached = None
    t0 = time.perf_counter()
    if args.mode == "head":  # frozen encoder: embeddings once, as Debut's head mode does
        with torch.no_grad():
            model.eval()
            cached = torch.cat([model.encoder(*batch_of(encs, list(range(s, min(s + 64, len(items))))))
                                for s in range(0, len(items), 64)])
            model.train()
    for _ in range(args.epochs):
        for rows in batches_of(encs, args.batch, not args.no_bucket and cached is None):
            idx = torch.tensor(rows)
            if cached is not None:
                logits = model(None, None, price[idx], brand[idx], category[idx], segment[idx], pooled=cached[idx])
            else:
                ids, mask = batch_of(encs, rows)
                logits = model(ids, mask, price[idx], brand[idx], category[idx], segment[idx])
            loss = F.cross_entropy(logits, y[idx], weight=weights)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            n += len(rows)
    dt = time.perf_counter() - t0
    result.update({"mode": args.mode, "epochs": args.epochs, "batch": args.batch, "examples": n,
                   "bucketed": not args.no_bucket,
                   "mean_tokens": sum(len(e) for e in encs) / max(1, len(encs)),
                   "seconds": round(dt, 3), "examples_per_s": n / dt, "final_loss": float(loss)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
