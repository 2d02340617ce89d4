// Engine bench: transformers.js (our engine worker, as shipped) and @wllama/wllama (llama.cpp in WASM) side by side
// in one headless Chromium run, on the same SmolLM2-135M weights (and, information only, web-llm on our MLC build of
// them, on SwiftShader: its row also says how much of the cold load was compiling WGSL shaders). Prints time to first token (the whole 61-token
// prompt prefilled), decode tokens/s and its ratio to wllama's on as many threads, cold and cached load, time to
// first token of the 10th turn of a conversation against the 1st (both engines reuse their KV cache there), and
// main-thread long tasks (> 50 ms) from the cold load to the end of the first reply.
//
//   bash bench/prepare-engines.sh      # the real SmolLM2-135M weights as ONNX (our exporter) and Q8_0/Q4_0 GGUF
//   node bench/engines.mjs [--onnx build/bench/smollm2-135m] [--gguf build/bench/gguf] [--runs 3] [--tokens 100]
//   node bench/engines.mjs --only q8 [--runs 5]                  # rows whose label matches (a case-blind regex)
//   node bench/engines.mjs --ab build/bench/a,build/bench/b [--runs 5]   # ONNX builds A/B, interleaved, 1 thread
//   node bench/engines.mjs --only twin [--twin models/tobias-twin-135m] [--questions 10]   # the twin rows alone
//   node bench/engines.mjs --only web-llm                                  # web-llm on <onnx>/mlc/q4f32_1 alone
//
// After the table, a fine-tuned 135M twin (built by `twin-finetune build`, default the Tobias twin) answers its first
// --questions training questions on one thread, checking drafts from its notes and the conversation, then from the
// conversation only, then none: what a visitor's replies cost, rather than a 100-token story. wllama answers the same
// questions on the twin's weights as Q8_0 GGUF, made by bench/twin_gguf.py.
// `bash bench/prepare-engines.sh` makes both from the stock base: the ONNX build through the finetune pipeline's
// exporter, the GGUFs with llama.cpp's quantizer. "All threads" runs on a second origin that sends COOP/COEP, so
// the page is cross-origin isolated and SharedArrayBuffer (WASM threads) is available.
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { launchChromium } from '../scripts/headless-chromium.mjs';
import { serveRepository } from './static-server.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    onnx: { type: 'string', default: 'build/bench/smollm2-135m' },
    gguf: { type: 'string', default: 'build/bench/gguf' },
    runs: { type: 'string', default: '3' },
    tokens: { type: 'string', default: '100' },
    only: { type: 'string' },
    ab: { type: 'string' },
    twin: { type: 'string', default: 'models/tobias-twin-135m' },
    questions: { type: 'string', default: '10' },
  },
});

const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'models/ada-twin/twin.json'), 'utf8'));
const MESSAGES = [
  { role: 'system', content: MANIFEST.system },
  // 61 tokens in all with the Ada manifest's system prompt, as the speed issue's own measurements; a story is text no
  // draft can look up.
  { role: 'user', content: 'Tell me a story.' },
];
/** The conversation whose 10th turn's time to first token is compared with its 1st. */
const TURNS = [
  'Hi! Who are you?',
  'What do you work on?',
  'Which project are you proudest of?',
  'What are you reading at the moment?',
  'Do you give talks?',
  'What was your last talk about?',
  'What do you do on weekends?',
  'Any tips for a new programmer?',
  'Where can I find your writing?',
  'Thanks! One last thing: what are you up to now?',
];
const TURN_TOKENS = 30;
const ALL_THREADS = Math.min(cpus().length, 4);
/** The web-llm row's build: `twin-finetune export-mlc` of the same weights, beside their ONNX build. */
const MLC = `${args.onnx}/mlc/q4f32_1`;
const MLC_BUILD =
  existsSync(join(ROOT, MLC, 'mlc-build.json')) && JSON.parse(readFileSync(join(ROOT, MLC, 'mlc-build.json'), 'utf8'));
const WLLAMA_DIR = 'node_modules/@wllama/wllama';
const WLLAMA_ASSETS = {
  wllamaModule: `/${WLLAMA_DIR}/esm/index.js`,
  wllamaWasm: `/${WLLAMA_DIR}/esm/wasm/wllama.wasm`,
};

/** Bundles src/worker/engine-worker.ts (and its lazy chunks) the way the shipped build does, without minifying. */
async function buildEngineWorker() {
  const bundle = await rollup({
    input: { 'engine-worker': join(ROOT, 'src/worker/engine-worker.ts') },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
      typescript({
        tsconfig: join(ROOT, 'tsconfig.json'),
        include: ['src/**/*.ts'],
        compilerOptions: { noEmit: false, declaration: false, outDir: 'build/bench/worker' },
      }),
    ],
    onwarn: () => undefined,
  });
  await bundle.write({ dir: join(ROOT, 'build/bench/worker'), format: 'es', entryFileNames: '[name].js' });
  await bundle.close();
}

const ISOLATION_SW = join(ROOT, 'docs/cross-origin-isolation-sw.js');
/** The repository over HTTP; `isolated` adds COOP/COEP (and CORP), which cross-origin isolates the page. */
function serve(isolated) {
  return serveRepository((path) => ({
    // The isolation service worker lives in docs/; the bench page it must control is in bench/.
    ...(path === ISOLATION_SW ? { 'Service-Worker-Allowed': '/' } : {}),
    ...(isolated
      ? {
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
          'Cross-Origin-Resource-Policy': 'same-origin',
        }
      : {}),
  }));
}

function configurations() {
  const runs = Number(args.runs);
  const maxNewTokens = Number(args.tokens);
  const common = { messages: MESSAGES, runs, maxNewTokens, turns: TURNS, turnTokens: TURN_TOKENS };
  const tjs = (label, dtype, threads, device = 'wasm', onnx = args.onnx) => ({
    label,
    engine: 'transformers',
    isolated: threads > 1,
    isolation: threads > 1 ? 'headers' : undefined,
    ...common,
    device,
    dtype,
    threads,
    buildUrl: `/${onnx}/`,
    assetBase: '/node_modules/onnxruntime-web/dist/',
    workerUrl: '/build/bench/worker/engine-worker.js',
  });
  const wllama = (label, quant, threads) => ({
    label,
    engine: 'wllama',
    isolated: threads > 1,
    isolation: threads > 1 ? 'headers' : undefined,
    ...common,
    threads,
    ggufUrl: `/${args.gguf}/smollm2-135m-${quant}.gguf`,
    ...WLLAMA_ASSETS,
  });
  // Each transformers.js row beside the wllama row it compares with; SwiftShader last (information only).
  const list = [];
  for (const [dtype, quant] of [
    ['q8', 'Q8_0'],
    ['q4', 'Q4_0'],
  ]) {
    for (const threads of [1, ALL_THREADS]) {
      const how = threads === 1 ? '1 thread' : `${threads} threads`;
      list.push(tjs(`transformers.js WASM ${dtype}, ${how}`, dtype, threads));
      // The same without draft checking: one token a forward pass, as transformers.js's generate() decodes.
      if (dtype === 'q8' && threads === 1)
        list.push({ ...tjs(`transformers.js WASM ${dtype}, ${how}, no drafts`, dtype, threads), draftTokens: 0 });
      list.push(wllama(`wllama ${quant}, ${how}`, quant.toLowerCase(), threads));
    }
    if (dtype === 'q8') {
      // The documented route for hosts that cannot send headers; the engine picks its thread count itself.
      const label = 'transformers.js WASM q8, isolated by docs/cross-origin-isolation-sw.js, default threads';
      list.push({
        ...tjs(label, dtype, ALL_THREADS),
        isolated: false,
        isolation: 'service-worker',
        threads: undefined,
      });
    }
  }
  list.push({
    ...tjs('transformers.js WebGPU (SwiftShader) fp32, info only: 1 reply of 20 tokens', 'fp32', 1, 'webgpu'),
    runs: 1,
    maxNewTokens: 20,
    turns: [],
  });
  if (MLC_BUILD) {
    list.push({
      ...tjs('web-llm WebGPU (SwiftShader) q4f32_1, info only: 1 reply of up to 20 tokens', 'q4f32_1', 1, 'webgpu'),
      engine: 'webllm',
      mlcUrl: `/${MLC}/`,
      modelLib: `/${MLC}/${MLC_BUILD.model_lib}`,
      runs: 1,
      maxNewTokens: 20,
      turns: [],
    });
  }
  if (args.ab)
    return args.ab.split(',').map((onnx) => tjs(`transformers.js WASM q8, 1 thread: ${onnx}`, 'q8', 1, 'wasm', onnx));
  return args.only ? list.filter((config) => new RegExp(args.only, 'i').test(config.label)) : list;
}

/** SwiftShader runs a 135M model on the CPU through a software GPU: minutes per reply. */
const CONFIG_TIMEOUT_S = 900;
const fmt = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

async function main() {
  // Only the builds the selected rows load (`--only web-llm` needs no ONNX build).
  const onnxBuilds = new Set(
    configurations()
      .filter((config) => config.engine === 'transformers')
      .map((config) => config.buildUrl.slice(1, -1)),
  );
  for (const onnx of onnxBuilds) {
    if (!existsSync(join(ROOT, onnx, 'onnx/model_quantized.onnx')))
      throw new Error(`No ONNX build in ${onnx} (see the header of this file).`);
  }
  if (!MLC_BUILD)
    console.log(
      `(No web-llm row: ${MLC} has no MLC build; bench/prepare-engines.sh makes one where TVM and emscripten are installed.)`,
    );
  await buildEngineWorker();
  const [plain, isolated] = await Promise.all([serve(false), serve(true)]);
  const browser = await launchChromium(['--enable-unsafe-webgpu']);
  console.log(
    `\nSmolLM2-135M-Instruct (ONNX: ${args.ab ?? args.onnx}; GGUF: ${args.gguf}), ${MESSAGES.length}-message ChatML prompt, greedy, ${args.tokens} new tokens (stop tokens suppressed), median of ${args.runs} replies; ${TURNS.length}-turn conversation of ${TURN_TOKENS}-token replies; headless Chromium, ${cpus().length} cores.\n`,
  );
  console.log(
    '| engine | cold load | cached load | TTFT (prompt tokens) | decode | × wllama | TTFT turn 1 → 10 (10th prefilled) | tokens | main-thread long tasks (load + first reply) | reply starts |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  if (args.ab) {
    await printInterleaved(browser, plain, configurations());
    return finish(browser, plain, isolated);
  }
  // wllama's decode rate per thread count, for the ratio column (each tjs row prints before its wllama row, so the
  // ratio follows on the wllama row).
  const pending = new Map();
  // Rows print as they finish, so a slow configuration never hides the others.
  for (const config of configurations()) {
    const server = config.isolated ? isolated : plain;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/engines-page/index.html`);
    if (config.isolation === 'service-worker') await isolateByServiceWorker(page);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    let row;
    try {
      row = await withTimeout(
        page.evaluate((c) => window.runBench(c), config),
        CONFIG_TIMEOUT_S,
      );
    } catch (error) {
      row = { error: String(error.message ?? error).split('\n')[0] };
    }
    if (config.isolation && !row.error && !row.crossOriginIsolated)
      row = { error: 'the page was not cross-origin isolated' };
    const key = `${config.dtype ?? config.ggufUrl.match(/(q\d)_\d\.gguf$/)[1]}/${config.threads}/${config.device ?? 'wasm'}`;
    let ratio = '';
    // The ratio compares the engine as shipped (drafts on).
    if (config.engine === 'transformers' && config.draftTokens === undefined) pending.set(key, row.decodeTokPerS);
    else if (config.engine === 'wllama' && pending.has(key))
      ratio = `ours ${fmt(pending.get(key) / row.decodeTokPerS, 2)}×`;
    const label =
      row.shaderCompileS === undefined
        ? config.label
        : `${config.label}; shader compile ${fmt(row.shaderCompileS, 1)} s of the cold load`;
    console.log(formatRow(label, row, ratio));
    await context.close();
  }
  await printTwinRows(browser, plain);
  await finish(browser, plain, isolated);
}

/**
 * The twin rows (see the header): our engine with and without drafts, then wllama on the twin's own weights as Q8_0
 * GGUF (bench/twin_gguf.py), when that file exists.
 */
async function printTwinRows(browser, server) {
  if (args.only && !/twin/i.test(args.only)) return;
  if (!existsSync(join(ROOT, args.twin, 'onnx/model_quantized.onnx'))) {
    return console.log(`\n(No twin rows: ${args.twin} has no ONNX build; make one with \`twin-finetune build\`.)`);
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, args.twin, 'twin.json'), 'utf8'));
  const entries = manifest.knowledge.slice(0, Number(args.questions));
  const gguf = `${args.gguf}/${basename(args.twin)}-q8_0.gguf`;
  const base = {
    device: 'wasm',
    dtype: 'q8',
    threads: 1,
    buildUrl: `/${args.twin}/`,
    assetBase: '/node_modules/onnxruntime-web/dist/',
    workerUrl: '/build/bench/worker/engine-worker.js',
    sampling: manifest.sampling,
    questions: entries.map((entry) => [
      { role: 'system', content: manifest.system },
      { role: 'user', content: entry.q[0] },
    ]),
  };
  console.log(
    `\n${manifest.label} (${args.twin}, q8, 1 thread) answering its first ${entries.length} training questions, greedy, as its manifest samples:\n`,
  );
  console.log(
    '| engine | drafts checked from | TTFT (prompt tokens) | decode | × wllama | tokens | forward passes | tokens a pass |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const ours = 'transformers.js WASM q8';
  const notes = manifest.knowledge.map((entry) => entry.a);
  const rows = [
    [ours, 'its notes and the conversation', { draftNotes: notes }],
    // As the element runs it: the worker runs the system prompt while the visitor types (here, a 1 s pause).
    [
      `${ours}, each question typed in 1 s (the system prompt runs meanwhile)`,
      'its notes and the conversation',
      { draftNotes: notes, systemPrompt: manifest.system, pauseMs: 1000 },
    ],
    [ours, 'the conversation only', { draftNotes: [] }],
    [ours, 'none: a token a pass', { draftTokens: 0 }],
  ];
  if (existsSync(join(ROOT, gguf)))
    rows.push([`wllama Q8_0 (${gguf})`, 'none', { engine: 'wllama', ggufUrl: `/${gguf}`, ...WLLAMA_ASSETS }]);
  else
    console.log(
      `(No wllama row: make ${gguf} with \`.venv/bin/python bench/twin_gguf.py build/${basename(args.twin)}/merged ${gguf}\`.)`,
    );
  const results = [];
  for (const [engine, drafts, config] of rows) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/engines-page/index.html`);
    await page.waitForFunction(() => typeof window.runTwin === 'function');
    results.push([
      engine,
      drafts,
      await withTimeout(
        page.evaluate((c) => window.runTwin(c), { ...base, ...config }),
        CONFIG_TIMEOUT_S,
      ),
    ]);
    await context.close();
  }
  const wllama = results.find(([engine]) => engine.startsWith('wllama'))?.[2];
  for (const [engine, drafts, row] of results) {
    const ratio = wllama && row !== wllama ? `${fmt(row.decodeTokPerS / wllama.decodeTokPerS, 2)}×` : '';
    const passes = row.passes === undefined ? ['', ''] : [row.passes, fmt(row.tokens / row.passes, 2)];
    console.log(
      `| ${engine} | ${drafts} | ${fmt(row.ttftS, 3)} s (${row.prefilled ?? '—'}) | ${fmt(row.decodeTokPerS, 1)} tok/s | ${ratio} | ${row.tokens} | ${passes.join(' | ')} |`,
    );
  }
}

/** Registers the isolation service worker as a host page would, then reloads under its control. */
async function isolateByServiceWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/docs/cross-origin-isolation-sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
  });
  await page.reload();
}

async function finish(browser, ...servers) {
  await browser.close();
  servers.forEach((server) => server.close());
}

/** `promise`, or a rejection after `seconds`; the timer is cleared either way, so it never holds the process open. */
async function withTimeout(promise, seconds) {
  let timer;
  const expired = new Promise(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`over ${seconds} s`)), seconds * 1000)),
  );
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** `--ab`: every build in one page, reply by reply; rows print together at the end. */
async function printInterleaved(browser, server, configs) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/engines-page/index.html`);
  await page.waitForFunction(() => typeof window.runInterleaved === 'function');
  const rows = await page.evaluate((c) => window.runInterleaved(c), configs);
  rows.forEach((row, i) =>
    console.log(formatRow(configs[i].label, row, `${fmt(row.decodeTokPerS / rows[0].decodeTokPerS, 2)}× row 1`)),
  );
  await context.close();
}

function formatRow(label, row, ratio) {
  if (row.error) return `| ${label} | failed: ${row.error} |||||||||`;
  const tasks = `${row.longTasks} (longest ${row.longestTaskMs} ms)`;
  const turns =
    row.firstTurnTtft === undefined
      ? '—'
      : `${fmt(row.firstTurnTtft / 1000, 2)} s → ${fmt(row.lastTurnTtft / 1000, 2)} s (${row.lastTurnPrefilled ?? '—'})`;
  return `| ${label} | ${fmt(row.coldLoadS, 2)} s | ${fmt(row.cachedLoadS, 2)} s | ${fmt(row.ttftS, 3)} s (${row.prefilled ?? '—'}) | ${fmt(row.decodeTokPerS, 1)} tok/s | ${ratio} | ${turns} | ${row.tokens}${row.decodeSteps === undefined ? '' : ` in ${row.decodeSteps + 1} passes`} | ${tasks} | ${JSON.stringify(row.replyStart)} |`;
}

await main();
