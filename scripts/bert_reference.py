#!/usr/bin/python3
"""Reference forward pass of Hugging Face's BertModel / RobertaModel written in
plain PyTorch (no `transformers` needed), and the fixture it produces for
tests/test_bert.cpp: tiny random models with their last hidden states.

    /usr/bin/python3 scripts/bert_reference.py      # writes tests/data/bert-ref/

Each of tests/data/bert-ref/{bert,roberta}/ holds config.json, the
weights (bert: model.safetensors written by the small writer below, since the
`safetensors` package may be absent; roberta: pytorch_model.bin via torch.save
with the "roberta." prefix and a pooler, as RobertaModel checkpoints have them)
vocab.txt (bert only) and expected.json: token ids, mask, last_hidden_state, mean- and CLS-pooled
vectors, computed in float32 as Transformers does.
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F


def hf_forward(w, cfg, ids, mask):
    """Transformers' BertModel/RobertaModel math: returns last_hidden_state."""
    pad = cfg["pad_token_id"]
    if cfg["model_type"] in ("roberta", "xlm-roberta"):
        real = ids.ne(pad).long()
        pos = torch.cumsum(real, 1) * real + pad
    else:
        pos = torch.arange(ids.shape[1]).unsqueeze(0).expand_as(ids)
    e = "embeddings."
    x = w[e + "word_embeddings.weight"][ids] + w[e + "position_embeddings.weight"][pos]
    x = x + w[e + "token_type_embeddings.weight"][torch.zeros_like(ids)]
    eps = cfg["layer_norm_eps"]
    h = cfg["hidden_size"]
    x = F.layer_norm(x, (h,), w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"], eps)
    bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    nh = cfg["num_attention_heads"]
    d = h // nh
    act = {"gelu": F.gelu, "relu": F.relu, "gelu_new": lambda t: F.gelu(t, approximate="tanh")}[cfg["hidden_act"]]
    b, t = ids.shape
    for i in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % i
        lin = lambda name, v: F.linear(v, w[p + name + ".weight"], w[p + name + ".bias"])
        split = lambda v: v.view(b, t, nh, d).transpose(1, 2)
        q = split(lin("attention.self.query", x))
        k = split(lin("attention.self.key", x))
        v = split(lin("attention.self.value", x))
        probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, -1)
        ctx = (probs @ v).transpose(1, 2).reshape(b, t, h)
        ln = lambda name, v: F.layer_norm(v, (h,), w[p + name + ".weight"], w[p + name + ".bias"], eps)
        a = ln("attention.output.LayerNorm", lin("attention.output.dense", ctx) + x)
        x = ln("output.LayerNorm", lin("output.dense", act(lin("intermediate.dense", a))) + a)
    return x


def random_weights(cfg, gen):
    h, inter, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    # Larger than HF's 0.02 init so every term matters numerically.
    rnd = lambda *s: torch.randn(*s, generator=gen) * 0.2
    w = {
        "embeddings.word_embeddings.weight": rnd(v, h),
        "embeddings.position_embeddings.weight": rnd(cfg["max_position_embeddings"], h),
        "embeddings.token_type_embeddings.weight": rnd(cfg["type_vocab_size"], h),
        "embeddings.LayerNorm.weight": 1 + rnd(h),
        "embeddings.LayerNorm.bias": rnd(h),
    }
    for i in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % i
        for name, (o, n) in {"attention.self.query": (h, h), "attention.self.key": (h, h),
                             "attention.self.value": (h, h), "attention.output.dense": (h, h),
                             "intermediate.dense": (inter, h), "output.dense": (h, inter)}.items():
            w[p + name + ".weight"] = rnd(o, n)
            w[p + name + ".bias"] = rnd(o)
        for name in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + name + ".weight"] = 1 + rnd(h)
            w[p + name + ".bias"] = rnd(h)
    return w


def write_safetensors(path, tensors):
    """Minimal safetensors writer (F32 only), same layout as the reference library."""
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        data = tensors[name].contiguous().float().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def make(out_dir, model_type, seed):
    os.makedirs(out_dir, exist_ok=True)
    roberta = model_type == "roberta"
    cfg = {"model_type": model_type, "vocab_size": 100, "hidden_size": 32, "num_hidden_layers": 2,
           "num_attention_heads": 4, "intermediate_size": 37, "hidden_act": "gelu_new" if roberta else "gelu",
           "max_position_embeddings": 40 if roberta else 38, "type_vocab_size": 1 if roberta else 2,
           "layer_norm_eps": 1e-5 if roberta else 1e-12, "pad_token_id": 1 if roberta else 0,
           "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1}
    gen = torch.Generator().manual_seed(seed)
    w = random_weights(cfg, gen)
    specials = ["<s>", "<pad>", "</s>", "<unk>"] if roberta else ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    if not roberta:  # the RoBERTa fixture is loaded without a tokenizer (ids only)
        vocab = specials + ["w%d" % i for i in range(cfg["vocab_size"] - len(specials))]
        with open(os.path.join(out_dir, "vocab.txt"), "w") as f:
            f.write("\n".join(vocab) + "\n")
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    if roberta:
        sd = {"roberta." + k: v for k, v in w.items()}
        sd["roberta.pooler.dense.weight"] = torch.zeros(32, 32)
        sd["roberta.pooler.dense.bias"] = torch.zeros(32)
        torch.save(sd, os.path.join(out_dir, "pytorch_model.bin"))
    else:
        write_safetensors(os.path.join(out_dir, "model.safetensors"), w)

    # A padded batch: lengths 12, 5, 2 (specials only) and the longest the table allows.
    cls, sep, pad = (0, 2, 1) if roberta else (2, 3, 0)
    lengths = [12, 5, 2, 36]
    g = torch.Generator().manual_seed(seed + 1)
    t = max(lengths)
    ids = torch.full((len(lengths), t), pad, dtype=torch.long)
    mask = torch.zeros(len(lengths), t, dtype=torch.bool)
    for r, n in enumerate(lengths):
        body = torch.randint(len(specials), cfg["vocab_size"], (n - 2,), generator=g)
        ids[r, :n] = torch.cat([torch.tensor([cls]), body, torch.tensor([sep])])
        mask[r, :n] = True
    with torch.no_grad():
        hidden = hf_forward(w, cfg, ids, mask)
        m = mask.unsqueeze(-1).float()
        mean = (hidden * m).sum(1) / m.sum(1)
    expected = {"ids": ids.tolist(), "mask": mask.int().tolist(),
                "last_hidden_state": hidden.flatten().tolist(), "shape": list(hidden.shape),
                "mean_pooled": mean.flatten().tolist(), "cls_pooled": hidden[:, 0].flatten().tolist(),
                "made_by": "scripts/bert_reference.py, torch " + torch.__version__}
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f)
    print("wrote", out_dir)


if __name__ == "__main__":
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "bert-ref")
    make(os.path.join(root, "bert"), "bert", 7)
    make(os.path.join(root, "roberta"), "roberta", 11)
