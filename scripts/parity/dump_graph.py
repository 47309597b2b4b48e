#!/usr/bin/env python3
"""Dumps the USE-Lite TF.js graph (model.json) as one line per node:
name  op  inputs  attrs, with small constants' values decoded. Exploration aid
for reproducing the graph in core/models/uselite.cpp.
Usage: dump_graph.py [MODEL_DIR]   (default <repo>/.cache/models/use-lite)"""
import base64, json, os, struct, sys

here = os.path.dirname(os.path.abspath(__file__))
d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', '..', '.cache', 'models', 'use-lite')
m = json.load(open(os.path.join(d, 'model.json')))
short = lambda s: s.replace('module_apply_default/Encoder_en/KonaTransformer/', 'K/')
for n in m['modelTopology']['node']:
    attrs = n.get('attr', {})
    desc = []
    for k, v in attrs.items():
        if k == 'value' and 'tensor' in v:
            t = v['tensor']
            dims = [int(x.get('size', 0)) for x in t.get('tensorShape', {}).get('dim', [])]
            vals = t.get('intVal') or t.get('floatVal') or t.get('int64Val')
            if vals is None and 'tensorContent' in t:
                raw = base64.b64decode(t['tensorContent'])
                fmt = 'f' if t['dtype'] == 'DT_FLOAT' else 'i'
                vals = list(struct.unpack('<%d%s' % (len(raw) // 4, fmt), raw))
            if vals is not None and len(vals) > 8:
                vals = vals[:4] + ['...%d' % len(vals)]
            desc.append('value=%s %s %s' % (t['dtype'], dims, vals))
        elif k not in ('T', 'dtype'):
            desc.append('%s=%s' % (k, json.dumps(v)[:80]))
    print(short(n['name']), n['op'], [short(i) for i in n.get('input', [])], ' '.join(desc))
print()
for g in m['weightsManifest']:
    print(g['paths'])
    for w in g['weights']:
        print('  ', short(w['name']), w['shape'], w['dtype'])
