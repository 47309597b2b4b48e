// Shared helpers for the USE-Lite reference runtime: @tensorflow/tfjs (pure JS
// CPU backend) executing the package's model.json, fed with token ids from the
// package runtime's own tokenizer (@energetic-ai/embeddings).
'use strict';
const fs = require('fs');
const path = require('path');

function modelDir() {
  if (process.env.DEBUT_MODELS_DIR) return path.join(process.env.DEBUT_MODELS_DIR, 'use-lite');
  return path.join(__dirname, '..', '..', '.cache', 'models', 'use-lite');
}

async function loadTfjs(dir) {
  const tf = require('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf-8'));
  // tfjs without tfjs-node has no file:// loader: hand it the artefacts directly.
  const weightSpecs = [];
  const chunks = [];
  for (const group of manifest.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) chunks.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(chunks);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const handler = { load: async () => ({ modelTopology: manifest.modelTopology, weightSpecs, weightData }) };
  const model = await tf.loadGraphModel(handler);
  return { tf, model };
}

// Runs package_runtime.js in a child process: token ids from the package's own
// tokenizer and, with embed=true, the package runtime's own embeddings.
function packageRuntime(texts, embed = false) {
  const { execFileSync } = require('child_process');
  const args = [path.join(__dirname, 'package_runtime.js')];
  if (embed) args.push('--embed');
  const out = execFileSync(process.execPath, args, { input: JSON.stringify(texts), maxBuffer: 1 << 30 });
  return JSON.parse(out.toString('utf-8'));
}

// Same input layout as the package runtime: sparse [row, position] indices + ids.
async function embedIds(tf, model, idLists) {
  const indices = [];
  const values = [];
  idLists.forEach((ids, row) => ids.forEach((id, pos) => { indices.push([row, pos]); values.push(id); }));
  const ti = tf.tensor2d(indices, [indices.length, 2], 'int32');
  const tv = tf.tensor1d(values, 'int32');
  const out = await model.executeAsync({ indices: ti, values: tv });
  const arr = await out.array();
  ti.dispose(); tv.dispose(); out.dispose();
  return arr;
}

module.exports = { modelDir, loadTfjs, packageRuntime, embedIds };
