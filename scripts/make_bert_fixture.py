#!/usr/bin/env python3
"""Builds the Hugging Face Transformers parity fixture for tests/test_bert.cpp.

Needs `transformers` and `torch` (e.g. on the GPU machines of the `device`
tool; /usr/bin/python3 here has torch but not transformers). Writes
tests/data/bert-tiny/: config.json, model.safetensors, vocab.txt,
tokenizer_config.json, and expected.json with, for a few fixed sentences, the
token ids from Transformers' BertTokenizer and BertModel's last_hidden_state
plus the masked-mean pooled vectors (float32, CPU, eval mode). Total < 2 MB.

    python3 scripts/make_bert_fixture.py [--out tests/data/bert-tiny]
"""
import argparse
import json
import os

import torch
import transformers
from transformers import BertConfig, BertModel, BertTokenizer

WORDS = ("the a an of and to in for with on is it this that new red blue green black white small large "
         "cotton wool shirt dress shoe shoes bag phone case cable charger lamp table chair book pen "
         "water bottle steel glass kids women men sale cheap best quality fast free ship ##s ##ed ##ing "
         "##er ##ly ##y un re pre 1 2 3 4 5 0 , . ! ? - ' ( ) : ; / & é café naïve").split()
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
SENTENCES = [
    "A new red cotton shirt for men.",
    "Small steel water bottle, 500ml!",
    "the best phone case",
    "Café table & chairs (set of 4)",
    "unknownword xyzzy lamp",
    "",
    "Kids shoes: blue, green; FREE ship?",
    "Naïve glass lamp — white",
]


def main():
    ap = argparse.ArgumentParser()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    ap.add_argument("--out", default=os.path.join(root, "tests", "data", "bert-tiny"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    torch.manual_seed(20240611)
    vocab = SPECIALS + WORDS
    vocab += ["extra%d" % i for i in range(max(0, 100 - len(vocab)))]
    with open(os.path.join(args.out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    tok = BertTokenizer(os.path.join(args.out, "vocab.txt"), do_lower_case=True)
    tok.save_pretrained(args.out)  # tokenizer_config.json, special_tokens_map.json, vocab.txt

    cfg = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=37, hidden_act="gelu", max_position_embeddings=64, type_vocab_size=2,
                     pad_token_id=0)
    model = BertModel(cfg).eval()
    with torch.no_grad():  # larger than the 0.02 init so every term matters numerically
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.1)
    model.save_pretrained(args.out, safe_serialization=True)
    # save_pretrained may also write pytorch_model.bin on old versions: keep only safetensors.
    for extra in ("pytorch_model.bin", "generation_config.json"):
        if os.path.exists(os.path.join(args.out, extra)):
            os.remove(os.path.join(args.out, extra))

    enc = tok(SENTENCES, padding=True, return_tensors="pt")
    with torch.no_grad():
        out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
    hidden = out.last_hidden_state
    m = enc["attention_mask"].unsqueeze(-1).float()
    mean = (hidden * m).sum(1) / m.sum(1)
    expected = {
        "sentences": SENTENCES,
        "ids": enc["input_ids"].tolist(),
        "mask": enc["attention_mask"].tolist(),
        "shape": list(hidden.shape),
        "last_hidden_state": hidden.flatten().tolist(),
        "mean_pooled": mean.flatten().tolist(),
        "made_by": "scripts/make_bert_fixture.py, transformers %s, torch %s" % (transformers.__version__,
                                                                             torch.__version__),
    }
    with open(os.path.join(args.out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False)
    total = sum(os.path.getsize(os.path.join(args.out, n)) for n in os.listdir(args.out))
    print("wrote %s (%d bytes)" % (args.out, total))


if __name__ == "__main__":
    main()
