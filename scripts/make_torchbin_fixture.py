#!/usr/bin/python3
"""Writes tests/data/torchbin/tiny.bin, a small state dict saved by Python's
torch.save (default zip format, as Hugging Face's pytorch_model.bin), and
tiny.json with the expected values, for tests/test_bert.cpp.

Run with an interpreter that has torch (here: /usr/bin/python3):
    /usr/bin/python3 scripts/make_torchbin_fixture.py
"""
import json
import os

import torch

here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, "..", "tests", "data", "torchbin")
os.makedirs(out_dir, exist_ok=True)

g = torch.Generator().manual_seed(1234)
base = torch.randn(4, 6, generator=g)
# A module's state_dict, as Hugging Face saves it: an OrderedDict that also
# carries a `_metadata` attribute (pickled as a BUILD state the reader ignores).
sd = torch.nn.Linear(3, 2).state_dict()
with torch.no_grad():
    sd["weight"].copy_(torch.randn(2, 3, generator=g))
    sd["bias"].copy_(torch.randn(2, generator=g))
sd["bert.embeddings.word_embeddings.weight"] = torch.randn(5, 3, generator=g)
sd["bert.encoder.layer.0.attention.self.query.bias"] = torch.randn(3, generator=g)
sd["half"] = torch.randn(2, 3, generator=g).half()
sd["bf16"] = torch.randn(3, generator=g).bfloat16()
sd["f64"] = torch.randn(2, 2, generator=g).double()
sd["ids"] = torch.arange(6, dtype=torch.int64).reshape(2, 3)
sd["int32"] = torch.tensor([-7, 0, 7], dtype=torch.int32)
# A non-contiguous view sharing storage with another entry (as tied weights do).
sd["base"] = base
sd["base_t"] = base.t()
sd["base_slice"] = base[1:3, 2:5]
sd["scalar"] = torch.tensor(3.5)

torch.save(sd, os.path.join(out_dir, "tiny.bin"))

expected = {}
for k, v in sd.items():
    expected[k] = {
        "dtype": str(v.dtype).replace("torch.", ""),
        "shape": list(v.shape),
        "values": v.double().flatten().tolist(),
    }
with open(os.path.join(out_dir, "tiny.json"), "w") as f:
    json.dump(expected, f, indent=1)
print("wrote", os.path.join(out_dir, "tiny.bin"))
