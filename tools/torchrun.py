#!/usr/bin/python3
"""torchrun for Debian 12's python3-torch (PyTorch 1.13 on Python 3.11).

That torchrun stops before starting any worker with "AttributeError: 'NoneType' object has no
attribute 'get'" (in torch/distributed/elastic/multiprocessing/api.py, to_map): PyTorch 1.13
parses its --redirects/--tee defaults with an Enum lookup that Python 3.11 changed. This runs
the same torchrun with that one lookup mended; every option is torchrun's own. A PyTorch 2
torchrun needs none of this.

    /usr/bin/python3 tools/torchrun.py --standalone --nproc_per_node=2 --no_python \\
        debut train shop.debut --task bought --mode full
"""
import sys

import torch.distributed.elastic.multiprocessing as mp
import torch.distributed.elastic.multiprocessing.api as api

_to_map = api.to_map


def to_map(val_or_map, local_world_size):
    return _to_map(api.Std.NONE if val_or_map is None else val_or_map, local_world_size)


api.to_map = mp.to_map = to_map

from torch.distributed.run import main  # noqa: E402 (after the mend)

if __name__ == "__main__":
    sys.exit(main())
