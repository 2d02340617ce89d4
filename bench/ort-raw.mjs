// ORT-web alone on ONNX builds, interleaved, in headless Chromium: session creation, a 61-token prefill and the
// decode rate on 1 thread, with session.run's share of each step. Beside bench/engines.mjs's transformers.js row,
// it splits a token's time between ORT and the JavaScript around it. --asyncify adds each build on ORT's asyncify
// wasm (transformers.js's default pick) beside the plain one the WASM engine loads.
//
//   node bench/ort-raw.mjs [--rounds 3] [--steps 40] [--asyncify] [--pass 3] build/bench/smollm2-135m [another ...]
//
// --pass N makes each decode step a pass of N tokens, the last one and N - 1 drafts, as a speculative pass checks
// them: the columns then read per pass (the rate counts passes), what a draft model's check costs against one token.
//
// --products DIR times each weight product of SmolLM2-135M alone instead (made by bench/wasm_products.py DIR), int8
// (MatMulInteger, as our q8 runs) against fp32 (MatMul, weights pre-packed by ORT), for one token and for a 61-token
// prompt, and adds them up over a decode step: how much of a step the products take, and what int8 costs there.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../scripts/headless-chromium.mjs';
import { serveRepository } from './static-server.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args, positionals: builds } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '40' },
    file: { type: 'string', default: 'model_quantized.onnx' },
    asyncify: { type: 'boolean', default: false },
    pass: { type: 'string', default: '1' },
    products: { type: 'string' },
  },
});
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await serveRepository();
const browser = await launchChromium();
/** One page per ORT wasm build: the page picks its build once, at import. */
const pages = {};
for (const wasm of args.asyncify ? ['plain', 'asyncify'] : ['plain']) {
  pages[wasm] = await browser.newPage();
  await pages[wasm].goto(`http://127.0.0.1:${server.address().port}/bench/ort-raw-page/index.html?build=${wasm}`);
  await pages[wasm].waitForFunction(() => typeof window.runOrt === 'function');
}
if (args.products) {
  await printProducts(pages.plain, args.products);
  await browser.close();
  server.close();
  process.exit(0);
}

const rowsOf = new Map();
for (let round = 0; round < Number(args.rounds); round++) {
  for (const build of builds) {
    for (const [wasm, page] of Object.entries(pages)) {
      const label = `${build}, ${wasm} ORT wasm`;
      const config = {
        buildUrl: `/${build}/`,
        dtypeFile: args.file,
        promptLength: 61,
        steps: Number(args.steps),
        passLength: Number(args.pass),
      };
      rowsOf.set(label, [...(rowsOf.get(label) ?? []), await page.evaluate((c) => window.runOrt(c), config)]);
    }
  }
}
const [step, rate] = args.pass === '1' ? ['token', 'tokens/s'] : [`pass of ${args.pass} tokens`, 'passes/s'];
console.log(`\nORT-web ${args.file} alone, 1 thread, median of ${args.rounds} interleaved rounds\n`);
console.log(
  `| build | session creation | prefill, 61 tokens | decode (${rate}) | session.run per ${step} | whole step |`,
);
console.log('|---|---|---|---|---|---|');
for (const [build, rows] of rowsOf) {
  const m = (key) => median(rows.map((row) => row[key]));
  console.log(
    `| ${build} | ${m('createMs').toFixed(0)} ms | ${m('prefillMs').toFixed(0)} ms | ${m('decodeTokPerS').toFixed(1)} | ${m('runMsPerToken').toFixed(1)} ms | ${m('stepMsPerToken').toFixed(1)} ms |`,
  );
}
await browser.close();
server.close();

/** The --products table: each product's mean time, int8 and fp32, at 1 and 61 tokens, and the sums a step pays. */
async function printProducts(page, dir) {
  const products = JSON.parse(readFileSync(join(ROOT, dir, 'products.json'), 'utf8'));
  const time = (product, int8, tokens) =>
    page.evaluate((c) => window.timeProduct(c), {
      url: `/${dir}/${product.inputs}x${product.outputs}x${product.blocks}.${int8 ? 'int8' : 'fp32'}.onnx`,
      int8,
      inputs: product.inputs,
      tokens,
      runs: Math.max(5, Math.round(4e8 / (product.inputs * product.outputs * tokens))),
    });
  console.log(`\nSmolLM2-135M's weight products alone in ORT-web's plain WASM build, 1 thread, mean of the runs\n`);
  console.log(
    '| product | in a step, int8 / fp32 | int8, 1 token | fp32, 1 token | int8, 61 tokens | fp32, 61 tokens |',
  );
  console.log('|---|---|---|---|---|---|');
  const totals = [0, 0, 0, 0];
  for (const product of products) {
    const ms = [
      await time(product, true, 1),
      await time(product, false, 1),
      await time(product, true, 61),
      await time(product, false, 61),
    ];
    const counted = product.lastPositionOnly ? [ms[0], ms[1], ms[0], ms[1]] : ms;
    const counts = [product.int8Count, product.fp32Count, product.int8Count, product.fp32Count];
    counted.forEach((value, i) => (totals[i] += value * counts[i]));
    const inAStep = counts
      .slice(0, 2)
      .map((count) => (count ? `${count}×` : '—'))
      .join(' / ');
    console.log(
      `| ${product.name} [${product.inputs}×${product.outputs}] | ${inAStep} | ${ms.map((value) => `${value.toFixed(2)} ms`).join(' | ')} |`,
    );
  }
  console.log(
    `| **a step's products** (prompt: the LM head for its last token) | | ${totals.map((value) => `**${value.toFixed(1)} ms**`).join(' | ')} |`,
  );
}
