#!/usr/bin/env python3
"""Reference scorer for a model written by `debut export-model` (Python 3 + PyTorch + NumPy).

Scores items the way `debut score` does, without Debut: the USE-Lite tokenizer and encoder,
the lexical TF-IDF features, the price, brand, category and segment, the head (the auto
learner's stacked linear model, the classic linear head, or an ensemble) and the calibration.
It reproduces `debut score` within 1e-5 (CTest export_model_parity).

    python3 debut_score.py MODEL_DIR ITEMS [--segment S]... [--out FILE] [--format csv|jsonl]

ITEMS: CSV (header) or JSON Lines (.jsonl) with id, title, description, price, brand, category
(only id and title are required). Output: one row per item and segment (default: the segments
`debut score` scored, config.json "segments_scored"): item_id, segment, score, predicted_label
and, for classification, one p_<class> per class. From Python:

    scorer = DebutScorer("MODEL_DIR")
    rows = scorer.score(items, segment="")   # items: dicts as above

The format (docs/cli.md, "export-model"): model.safetensors (float32, Debut's tensor names),
config.json, lexicon.json (stacked models), tokenizer/vocab.json (USE-Lite [piece, score] pairs).
"""
import argparse
import csv
import json
import math
import os
import struct
import sys
import unicodedata

import numpy as np
import torch


# ---- safetensors -------------------------------------------------------------------------

_DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32, "F16": np.float16}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    base = 8 + n
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        a = np.frombuffer(data, dtype=_DTYPES[e["dtype"]], count=(end - b) // np.dtype(_DTYPES[e["dtype"]]).itemsize,
                          offset=base + b).reshape(e["shape"])
        out[name] = torch.from_numpy(a.copy())
    return out


# ---- USE-Lite tokenizer (core/text/usetokenizer.h) -----------------------------------------

class UseTokenizer:
    RESERVED = 6

    def __init__(self, vocab_path):
        with open(vocab_path, encoding="utf-8") as f:
            vocab = json.load(f)
        self.pieces = [p for p, _ in vocab]
        # JavaScript arithmetic in the reference turns a null score into 0.
        self.utf16 = [sum(2 if ord(c) > 0xFFFF else 1 for c in p) for p in self.pieces]
        self.table = {}       # piece -> (score, id); later duplicates win, as in the reference trie
        self.prefixes = set()
        for i in range(self.RESERVED, len(vocab)):
            p, s = vocab[i]
            if not p:
                continue
            self.table[p] = (0.0 if s is None else float(s), i)
            for k in range(1, len(p) + 1):
                self.prefixes.add(p[:k])
        self.longest = max(len(p) for p in self.table)

    def encode(self, text, max_len):
        normalized = unicodedata.normalize("NFKC", text)
        if not normalized:
            return []
        sym = "\u2581" + normalized.replace(" ", "\u2581")
        n = len(sym)
        by_end = [[] for _ in range(n + 1)]
        for i in range(n):
            matched = False
            for j in range(i, min(n, i + self.longest)):
                s = sym[i:j + 1]
                if s not in self.prefixes:
                    break
                hit = self.table.get(s)
                if hit is not None:
                    by_end[j + 1].append((i, hit[0], hit[1]))
                    matched = True
            if not matched:
                by_end[i + 1].append((i, 0.0, 0))
        best = [0.0] * (n + 1)
        words = [0] * (n + 1)
        for end in range(n + 1):
            for start, score, index in by_end[end]:
                total = score + best[start]
                # The reference treats a best score of exactly 0 as "not set yet".
                if best[end] == 0.0 or total >= best[end]:
                    best[end] = total
                    words[end] = index
        rev = []
        it = n
        while it > 0:   # back by each piece's JavaScript string length, as the reference does
            rev.append(words[it])
            it -= self.utf16[words[it]]
        ids = []
        previous_unk = False
        for t in rev:
            if not (previous_unk and t == 0):   # runs of unknowns collapse into one
                ids.append(t)
            previous_unk = t == 0
        ids.reverse()
        return ids[:max_len] if max_len > 0 else ids


# ---- USE-Lite encoder (core/models/uselite.h) ----------------------------------------------

class UseLite:
    def __init__(self, tensors, prefix, config, vocab_path):
        self.t = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
        self.cfg = config
        self.tokenizer = UseTokenizer(vocab_path)

    def _linear(self, name, x):
        return torch.nn.functional.linear(x, self.t[name + ".weight"], self.t.get(name + ".bias"))

    def _attention_and_hidden(self, i, x, keep, bias):
        t, c = self.t, self.cfg
        L = "layer%d." % i
        B, T, D = x.shape
        heads = c["heads"]
        eps = c["layer_norm_epsilon"]
        h = torch.nn.functional.layer_norm(x, (D,), t[L + "ln1_weight"], t[L + "ln1_bias"], eps)
        q, k, v = self._linear(L + "qkv", h).split(D, -1)
        split = lambda z: z.reshape(B, T, heads, D // heads).transpose(1, 2)
        q, k, v = split(q) * c["query_scale"][i], split(k), split(v)
        weights = torch.softmax(q.matmul(k.transpose(-2, -1)) + bias, -1)
        context = weights.matmul(v).transpose(1, 2).reshape(B, T, D)
        residual = self._linear(L + "residual", x) * keep if (L + "residual.weight") in t else x
        y = self._linear(L + "out", context) + residual
        h = torch.nn.functional.layer_norm(y, (512,), t[L + "ln2_weight"], t[L + "ln2_bias"], eps)
        return y, torch.relu(self._linear(L + "conv1", h))

    def embed_ids(self, batch):
        """batch: list of id lists -> [B, 512] L2-normalised embeddings."""
        T = max(1, max(len(ids) for ids in batch))
        ids = torch.zeros(len(batch), T, dtype=torch.long)
        mask = torch.zeros(len(batch), T)
        for r, row in enumerate(batch):
            ids[r, :len(row)] = torch.tensor(row, dtype=torch.long)
            mask[r, :len(row)] = 1.0
        inv = self.t["inv_timescales"]
        pos = torch.arange(T, dtype=torch.float32).unsqueeze(1) * inv.unsqueeze(0)
        timing = torch.cat([torch.sin(pos), torch.cos(pos)], 1)
        # The graph adds the token embedding twice (embedding_scale 2).
        x = torch.nn.functional.embedding(ids, self.t["embeddings"]) * self.cfg["embedding_scale"] + timing.unsqueeze(0)
        keep = mask.unsqueeze(-1)
        bias = ((1.0 - mask) * self.cfg["attention_bias"]).unsqueeze(1).unsqueeze(1)
        count = keep.sum(1).clamp_min(1.0)
        y, h = self._attention_and_hidden(0, x * keep, keep, bias)
        x = y + self._linear("layer0.conv2", h) * keep
        # Layer 1 pooled: the mean over real tokens, conv2 applied after pooling (it is affine).
        y, h = self._attention_and_hidden(1, x, keep, bias)
        any_token = (keep.sum(1) > 0).float()
        mean = (y * keep).sum(1) / count + self._linear("layer1.conv2", (h * keep).sum(1) / count) * any_token
        t = torch.tanh(self._linear("tanh", mean))
        return t * torch.rsqrt(t.square().sum(1, keepdim=True).clamp_min(self.cfg["l2_epsilon"]))

    def embed_texts(self, texts, batch_size=64):
        encodings = [self.tokenizer.encode(s, self.cfg["max_length"]) for s in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i]))
        out = torch.zeros(len(texts), 512)
        with torch.no_grad():
            for b in range(0, len(order), batch_size):
                rows = order[b:b + batch_size]
                out[rows] = self.embed_ids([encodings[i] for i in rows])
        return out


# ---- catalogue neighbours (core/train/classifier.h, smoothByNeighbours) ----------------------
def smooth_by_neighbours(x, bank, k, mix):
    """x [N, D] and bank [R, D] L2-normalised: each row moved `mix` of the way to the mean of its k
    most cosine-similar bank rows (cosine above 1 - 1e-4, the item itself, left out), renormalised."""
    kk = min(int(k), bank.shape[0])
    sims = x.matmul(bank.t())
    sims = sims.masked_fill(sims > 1.0 - 1e-4, -2.0)
    vals, idx = sims.topk(kk, 1)
    keep = (vals > -1.5).float()
    rows = bank[idx.reshape(-1)].view(x.shape[0], kk, x.shape[1])
    mean = (rows * keep.unsqueeze(2)).sum(1) / keep.sum(1, keepdim=True).clamp_min(1.0)
    any_ = (keep.sum(1, keepdim=True) > 0).float()
    z = x * (1.0 - mix * any_) + mean * (mix * any_)
    return z / z.norm(2, 1, keepdim=True).clamp_min(1e-12)


# ---- lexical features (core/text/lexicon.h, core/text/unicode.h) ---------------------------

def _is_whitespace(c):
    return (c in (0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
            or 0x2000 <= c <= 0x200A)


def _is_control(c):
    if c in (0x09, 0x0A, 0x0D):
        return False
    return (c < 0x20 or 0x7F <= c <= 0x9F or c == 0xAD or 0x600 <= c <= 0x605 or c in (0x61C, 0x6DD, 0x70F, 0x180E)
            or 0x200B <= c <= 0x200F or 0x202A <= c <= 0x202E or 0x2060 <= c <= 0x2064 or 0x2066 <= c <= 0x206F
            or c == 0xFEFF or 0xFFF9 <= c <= 0xFFFB)


_PUNCT = {0xA1, 0xA7, 0xAB, 0xB6, 0xB7, 0xBB, 0xBF, 0x37E, 0x387, 0x55A, 0x55B, 0x55C, 0x55D, 0x55E, 0x55F, 0x589,
          0x58A, 0x5BE, 0x5C0, 0x5C3, 0x5C6, 0x5F3, 0x5F4, 0x609, 0x60A, 0x60C, 0x60D, 0x61B, 0x61E, 0x61F, 0x66A,
          0x66B, 0x66C, 0x66D, 0x6D4, 0x964, 0x965, 0x970, 0xE4F, 0xE5A, 0xE5B, 0x3030, 0x303D, 0x30A0, 0x30FB,
          0xFE63, 0xFE68, 0xFE6A, 0xFE6B}
_PUNCT_RANGES = [(0x2010, 0x2027), (0x2030, 0x2043), (0x2045, 0x2051), (0x2053, 0x205E), (0x2E00, 0x2E4F),
                 (0x3001, 0x3003), (0x3008, 0x3011), (0x3014, 0x301F), (0xFE10, 0xFE19), (0xFE30, 0xFE52),
                 (0xFE54, 0xFE61), (0xFF01, 0xFF03), (0xFF05, 0xFF0A), (0xFF0C, 0xFF0F), (0xFF1A, 0xFF1B),
                 (0xFF1F, 0xFF20), (0xFF3B, 0xFF3D), (0xFF3F, 0xFF3F), (0xFF5B, 0xFF5B), (0xFF5D, 0xFF5D),
                 (0xFF5F, 0xFF65)]


def _is_punctuation(c):
    if 33 <= c <= 47 or 58 <= c <= 64 or 91 <= c <= 96 or 123 <= c <= 126:
        return True
    return c in _PUNCT or any(a <= c <= b for a, b in _PUNCT_RANGES)


def _is_cjk(c):
    return (0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF or 0x20000 <= c <= 0x2A6DF or 0x2A700 <= c <= 0x2B73F
            or 0x2B740 <= c <= 0x2B81F or 0x2B820 <= c <= 0x2CEAF or 0xF900 <= c <= 0xFAFF or 0x2F800 <= c <= 0x2FA1F)


def _to_lower(c):
    """Debut's lower-casing (ASCII, Latin-1, Latin Extended-A, basic Greek and Cyrillic, fullwidth
    Latin) -> list of code points."""
    if c < 0x80:
        return [c + 32 if 65 <= c <= 90 else c]
    if 0xC0 <= c <= 0xDE and c != 0xD7:
        return [c + 0x20]
    if 0x100 <= c <= 0x17F:
        if c == 0x130:
            return [0x69, 0x307]
        if c == 0x178:
            return [0xFF]
        if (c <= 0x12F or 0x132 <= c <= 0x137 or 0x14A <= c <= 0x177) and c % 2 == 0:
            return [c + 1]
        if (0x139 <= c <= 0x148 or 0x179 <= c <= 0x17E) and c % 2 == 1:
            return [c + 1]
        return [c]
    if 0x391 <= c <= 0x3A9 and c != 0x3A2:
        return [c + 0x20]
    if c == 0x386:
        return [0x3AC]
    if 0x388 <= c <= 0x38A:
        return [c + 0x25]
    if c == 0x38C:
        return [0x3CC]
    if c in (0x38E, 0x38F):
        return [c + 0x3F]
    if 0x410 <= c <= 0x42F:
        return [c + 0x20]
    if 0x400 <= c <= 0x40F:
        return [c + 0x50]
    if 0xFF21 <= c <= 0xFF3A:
        return [c + 0x20]
    return [c]


def _hangul(c):
    return (0xAC00 <= c <= 0xD7A3 or 0x1100 <= c <= 0x11FF or 0x3130 <= c <= 0x318F
            or 0xA960 <= c <= 0xA97F or 0xD7B0 <= c <= 0xD7FF)


def _unsegmented(c, scheme):
    return (_is_cjk(c) or 0x3040 <= c <= 0x30FF or 0x31F0 <= c <= 0x31FF or 0x0E00 <= c <= 0x0EFF
            or 0x1000 <= c <= 0x109F or 0x1780 <= c <= 0x17FF or (scheme >= 2 and _hangul(c)))


def _word_char(c, scheme):
    return (not _is_whitespace(c) and not _is_punctuation(c) and not _is_control(c) and c != 0xFFFD
            and not _unsegmented(c, scheme) and not (c < 0x80 and not chr(c).isalnum()))


def _lower_field(s):
    return "".join(chr(x) for c in s for x in _to_lower(ord(c)))


def lexical_terms(text, brand="", category="", scheme=3):
    """The lexicon's terms of a text; scheme 2 (1: lexicons saved before schemes) reads Korean as
    character n-grams inside each word, as Chinese is read; scheme 3 adds each spaced word's
    character 3..5-grams, the word padded by a space on each side, marked by '~' (char_wb)."""
    terms, word, previous, run = [], [], "", []

    def add_subwords(w):
        padded = " " + w + " "
        for n in range(3, 6):
            terms.append("~" + padded[:n])
            for offset in range(1, len(padded) - n + 1):
                terms.append("~" + padded[offset:offset + n])
            if len(padded) <= n:
                break   # a short word gives itself once

    def flush_word():
        nonlocal word, previous
        if not word:
            return
        w = "".join(word)
        if scheme >= 3:
            add_subwords(w)
        terms.append(w)
        if previous:
            terms.append(previous + " " + w)
        previous, word = w, []

    def flush_run():
        for i in range(len(run)):
            gram = ""
            for n in range(3):
                if i + n >= len(run):
                    break
                gram += run[i + n]
                terms.append(gram)
        run.clear()

    for ch in text:
        lowered = _to_lower(ord(ch))
        c = lowered[0]
        if _word_char(c, scheme):
            flush_run()
            word.extend(chr(x) for x in lowered)
        elif _unsegmented(c, scheme):
            flush_word()
            previous = ""
            run.append(chr(c))
        else:
            flush_word()
            flush_run()
            if not _is_whitespace(c):   # sentence punctuation ends a bigram chain; spaces do not
                previous = ""
    flush_word()
    flush_run()
    if brand:
        terms.append("brand=" + _lower_field(brand))
    if category:
        terms.append("category=" + _lower_field(category))
    return terms


class Lexicon:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            j = json.load(f)
        self.index = {t: i for i, t in enumerate(j["terms"])}
        self.idf = j["idf"]
        self.field = [t.startswith(("brand=", "category=")) for t in j["terms"]]
        self.subword = [t.startswith("~") for t in j["terms"]]
        self.field_weight = j.get("field_weight", -1.0)
        self.scheme = j.get("scheme", 1)
        if self.scheme not in (1, 2, 3):
            raise ValueError(f"{path}: lexicon term scheme {self.scheme} is not one this scorer knows (1 to 3)")
        self.spaced = [not f and not sw and t != "" and not _unsegmented(ord(t[0]), self.scheme)
                       for t, f, sw in zip(j["terms"], self.field, self.subword)]

    def vectorize_text(self, text, brand, category):
        """vectorize() of a text and its side fields, read into terms by this lexicon's scheme."""
        return self.vectorize(lexical_terms(text, brand, category, self.scheme))

    def vectorize(self, terms):
        """L2-normalised sublinear TF-IDF: {term index: weight}. With a field weight w >= 0 the
        brand/category terms are a block of their own: text and fields each L2-normalised, the
        fields scaled by w. In-word n-grams ('~…') are a text block of their own standing for the
        spaced words: with f the spaced words' share of the other text terms' squared norm, they
        get f / 2 of the text's squared norm (all of it when no other text term is known)."""
        counts = {}
        for t in terms:
            i = self.index.get(t)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        w = {i: (1.0 + math.log(c)) * self.idf[i] for i, c in sorted(counts.items())}
        blocks = self.field_weight >= 0
        block = {i: 2 if self.subword[i] else 1 if blocks and self.field[i] else 0 for i in w}
        norm = [sum(v * v for i, v in w.items() if block[i] == b) for b in (0, 1, 2)]
        spaced = sum(v * v for i, v in w.items() if self.spaced[i])
        sub = 0.5 * spaced / norm[0] if norm[0] > 0 else 1.0
        share = [1.0 - sub if norm[2] > 0 else 1.0, self.field_weight * self.field_weight, sub]
        scale = [math.sqrt(share[b] / norm[b]) if norm[b] > 0 else 0.0 for b in (0, 1, 2)]
        out = {i: v * scale[block[i]] for i, v in w.items()}
        return {i: v for i, v in out.items() if v != 0}


# ---- the model ---------------------------------------------------------------------------

def item_text(item):
    title, description = item.get("title") or "", item.get("description") or ""
    return title + ". " + description if description else title


class DebutScorer:
    def __init__(self, model_dir):
        with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
            self.config = json.load(f)
        if self.config.get("format") != "debut-model" or self.config.get("version") != 1:
            raise ValueError(model_dir + ": not a Debut model export (format debut-model, version 1)")
        self.c = self.config["classifier"]
        self.t = read_safetensors(os.path.join(model_dir, "model.safetensors"))
        self.kind = self.c["kind"]
        self.labels = self.c["labels"]
        self.stacked = self.config["head"] == "stacked"
        self.vocab = {name: {v: i + 1 for i, v in enumerate(self.c[name])} for name in ("brands", "categories", "segments")}
        self.encoders = []
        enc = self.config.get("encoder")
        if enc:
            vocab = os.path.join(model_dir, enc["tokenizer"])
            self.encoders.append(UseLite(self.t, "encoder.", enc, vocab))
            if not self.config["shared_encoder"]:
                for k in range(1, self.config["ensemble_size"]):
                    self.encoders.append(UseLite(self.t, "member%d.encoder." % k, enc, vocab))
        if self.stacked:
            s = self.c["stack"]
            self.lexicon = Lexicon(os.path.join(model_dir, s["lexicon"]))
            self.encoder_weight = s.get("encoder_weight", 1.0)
            self.lexical_weight = s.get("lexical_weight", 1.0)
            self.price_weight = s.get("price_weight", 1.0)
            self.neighbours = s.get("neighbours")   # {"k", "mix", "rows"}: tensor stack_bank

    def _side(self, items, segment):
        n = len(items)
        price = torch.zeros(n, 2)
        std = self.c["price_std"] if self.c["price_std"] > 0 else 1.0
        for i, item in enumerate(items):
            p = item.get("price")
            if p is not None and p != "" and math.isfinite(float(p)):
                price[i, 0] = (math.log1p(max(float(p), 0.0)) - self.c["price_mean"]) / std
            else:
                price[i, 1] = 1.0
        index = lambda vocab, v: self.vocab[vocab].get(v, 0) if v else 0
        brand = torch.tensor([index("brands", it.get("brand") or "") for it in items], dtype=torch.long)
        category = torch.tensor([index("categories", it.get("category") or "") for it in items], dtype=torch.long)
        seg = torch.full((n,), index("segments", segment), dtype=torch.long)
        return price, brand, category, seg

    def _stack_logits(self, pooled, items, price, seg):
        dense, lexical, bias = self.t["stack_dense"], self.t["stack_lexical"], self.t["stack_bias"]
        b, (slots, c) = len(items), bias.shape
        if self.encoder_weight == 0 or pooled is None:
            x = torch.zeros(b, dense.shape[0] - 2)
        else:
            x = pooled.float()
            x = x / x.norm(2, 1, keepdim=True).clamp_min(1e-12)
            if self.neighbours:
                x = smooth_by_neighbours(x, self.t["stack_bank"].float(), self.neighbours["k"], self.neighbours["mix"])
            x = x * self.encoder_weight
        x = torch.cat([x, price * self.price_weight], 1)
        full = x.matmul(dense.reshape(x.shape[1], slots * c)).view(b, slots, c) + bias.unsqueeze(0)
        s = seg.clamp(0, slots - 1)
        own = full.gather(1, s.view(b, 1, 1).expand(b, 1, c)).squeeze(1)
        logits = (full[:, 0] + own * (s > 0).unsqueeze(1).float()).double()
        # Lexical logits of the row's segment: sum_j v_j (L[j, 0] + L[j, s]).
        lex = torch.zeros(b, c, dtype=torch.float64)
        for i, item in enumerate(items):
            v = self.lexicon.vectorize_text(item_text(item), item.get("brand") or "", item.get("category") or "")
            if not v:
                continue
            idx = torch.tensor(list(v.keys()), dtype=torch.long)
            w = torch.tensor(list(v.values()), dtype=torch.float64)
            rows = lexical[idx].double()
            slot = rows[:, 0] + (rows[:, int(s[i])] if s[i] > 0 else 0.0)
            lex[i] = self.lexical_weight * (w.unsqueeze(1) * slot).sum(0)
        return logits + lex

    def _head_logits(self, prefix, pooled, price, brand, category, seg):
        t = self.t
        fused = torch.cat([pooled, price, t[prefix + "brand.weight"][brand], t[prefix + "category.weight"][category],
                           t[prefix + "segment.weight"][seg]], 1)
        z = torch.nn.functional.linear(fused, t[prefix + "head.weight"], t[prefix + "head.bias"])
        if self.c.get("segment_head"):
            # The row's segment deviation of the head's text weights (slot 0: none).
            dev = torch.bmm(pooled.unsqueeze(1), t[prefix + "segment_head"][seg]).squeeze(1)
            z = z + dev * (seg > 0).unsqueeze(1).to(dev.dtype)
        return z.double()

    def embed(self, items):
        texts = [item_text(it) for it in items]
        return [e.embed_texts(texts) for e in self.encoders]

    def logits(self, items, segment="", pooled=None):
        if pooled is None:
            pooled = self.embed(items)
        price, brand, category, seg = self._side(items, segment)
        if self.stacked:
            return self._stack_logits(pooled[0] if pooled else None, items, price, seg)
        k_members = self.config["ensemble_size"]
        logits = [self._head_logits("" if k == 0 else "member%d." % k, pooled[k] if len(pooled) > 1 else pooled[0],
                                    price, brand, category, seg) for k in range(k_members)]
        if k_members == 1:
            return logits[0]
        if self.kind == "rating":
            return sum(logits) / k_members
        temps = self.c["ensemble_temperatures"]
        mean = sum(torch.softmax(z / (temps[k] if k < len(temps) and temps[k] > 0 else 1.0), 1)
                   for k, z in enumerate(logits)) / k_members
        return torch.log(mean.clamp_min(1e-30))

    def probabilities(self, logits):
        if self.kind == "rating":
            return logits * self.c["target_std"] + self.c["target_mean"]
        t = self.c["temperature"] if self.c["temperature"] > 0 else 1.0
        return torch.softmax(logits / t, 1)

    def score(self, items, segment="", pooled=None):
        """items: list of dicts -> list of {item_id, segment, score, predicted_label, probs}."""
        with torch.no_grad():
            p = self.probabilities(self.logits(items, segment, pooled))
        rows = []
        for i, item in enumerate(items):
            probs = p[i].tolist()
            if self.kind == "rating":
                rows.append({"item_id": item["id"], "segment": segment, "score": probs[0],
                             "predicted_label": "%.3g" % probs[0], "probs": probs})
                continue
            best = max(range(len(probs)), key=lambda k: (probs[k], -k))
            score = probs[1] if self.kind == "binary" else probs[best]
            label = self.labels[best] if best < len(self.labels) else str(best)
            rows.append({"item_id": item["id"], "segment": segment, "score": score, "predicted_label": label,
                         "probs": probs})
        return rows


def read_items(path):
    if path.endswith(".jsonl") or path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    with open(path, encoding="utf-8-sig", newline="") as f:
        items = list(csv.DictReader(f))
    for it in items:
        it["price"] = float(it["price"]) if it.get("price") not in (None, "") else None
    return items


def main(argv=None):
    ap = argparse.ArgumentParser(description="Score items with a model written by `debut export-model`.")
    ap.add_argument("model_dir")
    ap.add_argument("items", help="CSV (header: id,title,description,price,brand,category) or JSON Lines")
    ap.add_argument("--segment", action="append", help="segment to score for (repeatable; default: those "
                    "`debut score` scored)")
    ap.add_argument("--out", help="output file (default: stdout)")
    ap.add_argument("--format", choices=["csv", "jsonl"], default=None)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: PyTorch's default)")
    a = ap.parse_args(argv)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    scorer = DebutScorer(a.model_dir)
    items = read_items(a.items)
    segments = a.segment if a.segment else scorer.config["segments_scored"]
    fmt = a.format or ("jsonl" if a.out and a.out.endswith(".jsonl") else "csv")
    out = open(a.out, "w", encoding="utf-8", newline="") if a.out else sys.stdout
    pooled = scorer.embed(items)
    classes = [] if scorer.kind == "rating" else scorer.labels
    writer = None
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(["item_id", "segment", "score", "predicted_label"] +
                        (["p_" + c for c in classes] if scorer.kind == "multiclass" else []))
    for segment in segments:
        for r in scorer.score(items, segment, pooled):
            if writer:
                writer.writerow([r["item_id"], r["segment"], repr(r["score"]), r["predicted_label"]] +
                                ([repr(p) for p in r["probs"]] if scorer.kind == "multiclass" else []))
            else:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    if a.out:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
