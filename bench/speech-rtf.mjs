// Speech bench: the real-time factor (seconds of compute per second of audio) of Whisper in our speech worker, on
// WASM with 1 thread and on WebGPU (SwiftShader here, a software GPU: information only), in headless Chromium.
//
//   .venv/bin/twin-finetune --threads 1 whisper --shape tiny-en --out build/whisper-tiny-en
//   node bench/speech-rtf.mjs [--model build/whisper-tiny-en] [--runs 3] [--clips 2,5,10] [--only wasm]
//
// The model has whisper-tiny.en's exact shapes (d_model 384, 4 encoder + 4 decoder layers, 6 heads, 80 mel bins,
// 1500 audio frames, 51864-token vocabulary) with random weights: no real Whisper weights are reachable here.
// Weights do not change the compute — every matmul, attention and the 30 s mel window are the same sizes — except
// through how many tokens the decoder emits, so the bench fixes that: each clip decodes exactly
// ceil(seconds × 3.5) tokens (English speech is about 2.5 words, 3–3.5 Whisper tokens, a second).
// q8 on WASM (the element's default there), fp32 on WebGPU (its default there).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { speechWav } from '../test/support/speech-fixtures.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'build/whisper-tiny-en' },
    runs: { type: 'string', default: '3' },
    clips: { type: 'string', default: '2,5,10' },
    only: { type: 'string' },
  },
});
const TOKENS_PER_SECOND = 3.5;

/** Bundles src/worker/speech-worker.ts (and its lazy chunks) the way the shipped build does, without minifying. */
async function buildSpeechWorker() {
  const bundle = await rollup({
    input: { 'speech-worker': join(ROOT, 'src/worker/speech-worker.ts') },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
      typescript({ tsconfig: join(ROOT, 'tsconfig.json'), include: ['src/**/*.ts'], compilerOptions: { noEmit: false, declaration: false, outDir: 'build/bench/speech-worker' } }),
    ],
    onwarn: () => undefined,
  });
  await bundle.write({ dir: join(ROOT, 'build/bench/speech-worker'), format: 'es', entryFileNames: '[name].js' });
  await bundle.close();
}

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.json': 'application/json', '.wasm': 'application/wasm', '.wav': 'audio/wav' };

function serve() {
  const server = createServer((request, response) => {
    const path = normalize(join(ROOT, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    if (!path.startsWith(ROOT) || !existsSync(path) || statSync(path).isDirectory()) {
      response.writeHead(404).end('Not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Length': statSync(path).size });
    if (request.method === 'HEAD') response.end();
    else createReadStream(path).pipe(response);
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

async function main() {
  if (!existsSync(join(ROOT, args.model, 'onnx/decoder_model_merged_quantized.onnx'))) {
    throw new Error(`No Whisper build in ${args.model} (see the header of this file).`);
  }
  const wav = speechWav();
  await buildSpeechWorker();
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
  });
  const clips = args.clips.split(',').map(Number);
  const configurations = [
    { label: 'WASM q8, 1 thread', device: 'wasm', dtype: 'q8' },
    { label: 'WASM fp32, 1 thread', device: 'wasm', dtype: 'fp32' },
    { label: 'WebGPU (SwiftShader) fp32, information only', device: 'webgpu', dtype: 'fp32' },
  ].filter((config) => !args.only || config.label.toLowerCase().includes(args.only.toLowerCase()));
  console.log(`\nWhisper with tiny.en's exact shapes, random weights (${args.model}); ${TOKENS_PER_SECOND} decoded tokens per second of audio; median of ${args.runs}; headless Chromium, ${cpus().length} cores.`);
  console.log('RTF = seconds of compute / seconds of audio (lower is faster; 1 = real time). Weights do not change the compute.\n');
  console.log(`| configuration | load | ${clips.map((s) => `${s} s clip`).join(' | ')} |`);
  console.log(`|---|---|${clips.map(() => '---').join('|')}|`);
  try {
    for (const config of configurations) {
      const page = await browser.newPage();
      page.on('pageerror', (error) => console.error('page error:', error.message));
      await page.goto(`${origin}/bench/speech-page/index.html`);
      try {
        const result = await page.evaluate((c) => window.runSpeech(c), {
          workerUrl: `${origin}/build/bench/speech-worker/speech-worker.js`,
          spec: { buildUrl: `/${args.model}/`, device: config.device, dtype: config.dtype, assetBase: '/node_modules/onnxruntime-web/dist/', expectedBytes: 0, threads: 1 },
          audioUrl: `${origin}/${wav.slice(ROOT.length + 1)}`,
          clips,
          runs: Number(args.runs),
          tokensPerSecond: TOKENS_PER_SECOND,
        });
        const cells = result.results.map((r) => `RTF ${r.rtf.toFixed(2)} (${r.compute.toFixed(2)} s, ${r.tokens} tok)`);
        console.log(`| ${config.label} | ${result.loadSeconds.toFixed(1)} s | ${cells.join(' | ')} |`);
      } catch (error) {
        console.log(`| ${config.label} | failed: ${error.message.split('\n')[0]} |`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
