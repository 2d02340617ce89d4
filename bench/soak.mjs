// Soak and fault bench: the real <twin-chat> on the micro twin in headless Debian Chromium, for a long
// session, under every injected fault, and with every XSS payload streamed through it as model output. Prints:
// turns held, faults injected and survived, payloads tried, script executions, bytes of conversation persisted,
// and heap growth (JS heap after a memory-reducing GC, the log cleared): over the 500 turns after a 150-turn
// warm-up, and from turn 50 for comparison; beside it the same with plain GCs, and what the visible log held.
//
//   node bench/soak.mjs [--turns 650] [--no-build]
//
// The page (bench/soak-page/) is bundled like dist/ (Rollup, the same worker and assets plugins, Lit's production
// build) into build/bench/soak/, its assets folder in build/bench/soak/assets/, with the tests' fault support: the page records its workers
// (test/support/workers.ts) and the engine worker takes faults (test/support/serve-worker-faults.mjs). The repository is served by
// @web/dev-server with the misbehaving prefixes of test/support/slow-model-files.mjs (/flaky/, /stalled/).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDevServer } from '@web/dev-server';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { launchChromium } from '../scripts/headless-chromium.mjs';
import { assetsMarkerFile } from '../scripts/rollup/assets-marker.mjs';
import { ortAssets } from '../scripts/rollup/ort-assets.mjs';
import { workerChunks } from '../scripts/rollup/worker-chunks.mjs';
import { bundleWorkerFaults } from '../test/support/serve-worker-faults.mjs';
import { slowModelFiles } from '../test/support/slow-model-files.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: { turns: { type: 'string', default: '650' }, 'no-build': { type: 'boolean', default: false } },
});
const TURNS = Number(args.turns);
/**
 * Heap readings start at turn 50, and again at turn 150, past the warm-up (lazy modules, JIT-compiled code, caches
 * filling up to their caps): a leak keeps growing after it, a warm-up does not. The default run measures 500 turns
 * from there.
 */
const HEAP_TURNS = [50, 150];
const MICRO = { registry: '/models/registry.json', engine: 'wasm' };
const FAULT_FIXTURES = '/test/faults/fixtures/registry.json';
const Q8_WEIGHTS = '/models/ada-twin/onnx/model_quantized.onnx';
const QUESTION = 'What are you reading?';
const LATER = 'Where do you live?';
/** Every question and reply of the session, kept here so that the page's heap holds only what the chat holds. */
const conversation = new Set();

/** Asks through the page and remembers both texts for the storage search. */
async function ask(page, question, options = {}) {
  const asked = await page.evaluate(([q, o]) => soak.ask(q, o), [question, options]);
  conversation.add(question).add(asked.reply);
  return asked;
}

const compile = () => [
  nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
  typescript({
    tsconfig: join(ROOT, 'tsconfig.json'),
    include: [
      'src/**/*.ts',
      'test/audit/stored-text.ts',
      'test/audit/text-encodings.ts',
      'test/support/workers.ts',
      'test/support/timeouts.ts',
    ],
    compilerOptions: { noEmit: false, declaration: false, outDir: 'build/bench/soak' },
  }),
];
const quiet = () => undefined;

async function buildPage() {
  const bundle = await rollup({
    input: { soak: join(ROOT, 'bench/soak-page/soak.js') },
    plugins: [
      workerChunks({ plugins: () => [bundleWorkerFaults(), ...compile()], onwarn: quiet }),
      ...compile(),
      ortAssets({ to: join(ROOT, 'build/bench/soak/assets') }),
      assetsMarkerFile(),
    ],
    onwarn: quiet,
  });
  await bundle.write({ dir: join(ROOT, 'build/bench/soak'), format: 'es', entryFileNames: '[name].js' });
  await bundle.close();
}

/** Questions no twin has seen, with a marker that can only come from this session. */
function soakQuestion(turn) {
  const topics = ['your projects', 'the books you read', 'your talks', 'what you use', 'what you do now'];
  return `Tell me about ${topics[turn % topics.length]}, please (soak ${turn}).`;
}

/**
 * Each fault: set it up, hit it, and check what the issue asks: the visitor's message is kept and a later
 * question still gets an answer. Returns true when it survived.
 */
const FAULTS = {
  async 'worker killed mid-reply'(page) {
    await page.evaluate((micro) => soak.mount(micro), MICRO);
    await page.evaluate(() => soak.ready());
    const asked = await ask(page, 'Tell me about yourself', { crashAtFirstWords: true });
    return asked.kept && asked.reply.length > 0 && (await answersLater(page));
  },
  async 'WebGPU device lost'(page) {
    await page.evaluate(() => soak.mount({ registry: '/models/registry.json', engine: 'webgpu' }));
    const engine = await page.evaluate(() => soak.ready());
    if (engine.device !== 'webgpu') throw new Error(`no WebGPU rung here (${JSON.stringify(engine)})`);
    await page.evaluate(() => soak.injectFault('device-lost'));
    const asked = await ask(page, QUESTION);
    const now = (await page.evaluate(() => soak.engines())).at(-1);
    return asked.kept && asked.reply.length > 0 && now.device === 'wasm' && (await answersLater(page));
  },
  async 'connection dropped mid-download'(page) {
    await page.evaluate(() => soak.clearModelCache());
    await page.evaluate(
      (fixtures) => soak.mount({ registry: fixtures, model: 'flaky-twin', engine: 'wasm' }),
      FAULT_FIXTURES,
    );
    return keptWhileLoading(page, (engine) => engine.engine === 'transformers');
  },
  async 'cached model file corrupted'(page) {
    await page.evaluate(() => soak.clearModelCache());
    await page.evaluate((path) => soak.corruptCached(path), Q8_WEIGHTS);
    await page.evaluate((micro) => soak.mount(micro), MICRO);
    const survived = await keptWhileLoading(page, (engine) => engine.engine === 'transformers');
    // Detected: the damaged copy was replaced by the downloaded one.
    return (
      survived &&
      (await page.evaluate((path) => soak.cachedMatchesManifest(path, 'onnx/model_quantized.onnx'), Q8_WEIGHTS))
    );
  },
  async 'storage quota exceeded'(page) {
    await page.evaluate(() => soak.clearModelCache());
    await page.evaluate(() => soak.armFault('cache-full'));
    try {
      await page.evaluate((micro) => soak.mount(micro), MICRO);
      const survived = await keptWhileLoading(page, (engine) => engine.engine === 'transformers');
      const notice = await page.evaluate(() => soak.notice('model-not-cached'));
      return survived && notice.includes('QuotaExceededError');
    } finally {
      await page.evaluate(() => soak.disarmFaults());
    }
  },
  async 'manifest stalls (timeout)'(page) {
    await page.evaluate(() => soak.hurryTimeouts(15));
    try {
      await page.evaluate(
        (fixtures) => soak.mount({ registry: fixtures, model: 'stalled-twin', engine: 'wasm' }),
        FAULT_FIXTURES,
      );
      await page.evaluate(() => soak.notice('manifest-unreachable'));
      const kept = await page.evaluate((q) => soak.sendWhileNotReady(q), QUESTION);
      await page.evaluate(
        () => (soak.setAttribute('registry', '/models/registry.json'), soak.setAttribute('model', '')),
      );
      await page.evaluate(() => soak.ready());
      const sent = await sendKept(page);
      return kept && sent.kept && sent.reply.length > 0 && (await answersLater(page));
    } finally {
      await page.evaluate(() => soak.undoHurry());
    }
  },
};

/** A question typed while the twin loads stays in the box; once loaded, it is answered, and so is a later one. */
async function keptWhileLoading(page, engineIsRight) {
  const kept = await page.evaluate((q) => soak.sendWhileNotReady(q), QUESTION);
  const engine = await page.evaluate(() => soak.ready());
  const sent = await sendKept(page);
  return kept && engineIsRight(engine) && sent.kept && sent.reply.length > 0 && (await answersLater(page));
}

/** Sends the question kept in the box (QUESTION) and remembers the texts. */
async function sendKept(page) {
  const sent = await page.evaluate(() => soak.sendKept());
  conversation.add(QUESTION).add(sent.reply);
  return sent;
}

async function answersLater(page) {
  const later = await ask(page, LATER);
  return later.kept && later.reply.trim().length > 0;
}

async function soakTurns(page) {
  await page.evaluate(() => soak.clearModelCache());
  await page.evaluate((micro) => soak.mount(micro), MICRO);
  const engine = await page.evaluate(() => soak.ready());
  let held = 0;
  let silent = 0;
  const heap = {};
  const started = performance.now();
  for (let turn = 1; turn <= TURNS; turn++) {
    const { kept, reply, failed } = await ask(page, soakQuestion(turn));
    // Held: the question stayed in the log and its reply finished without an error.
    if (kept && !failed) held++;
    if (!reply.trim()) silent++;
    if (HEAP_TURNS.includes(turn)) heap[turn] = await heapWithAndWithoutLog(page);
    if (turn % 100 === 0) console.error(`  turn ${turn}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const seconds = (performance.now() - started) / 1000;
  heap[TURNS] = await heapWithAndWithoutLog(page);
  return { engine, held, silent, heap, seconds };
}

/**
 * The heap after GC: with the conversation on screen (the log keeps every turn by design, so it grows), then after
 * the chat's Clear, which leaves only what the session retained besides the log: a leak shows there. The Clear
 * also empties the prompt history, which refills within ten turns. The cleared heap is read after plain GCs, then
 * after a memory-reducing one, which also empties V8's compilation cache (see soak.heapAfterGc): in that order,
 * since the second empties what the first would count.
 */
async function heapWithAndWithoutLog(page) {
  const withLog = await page.evaluate(() => soak.heapAfterGc());
  await page.evaluate(() => soak.clearLog());
  const plain = await page.evaluate(() => soak.heapAfterGc());
  return { withLog, plain, cleared: await page.evaluate(() => soak.heapAfterGc({ reduce: true })) };
}

const growth = (from, to) =>
  `${(((to - from) / from) * 100).toFixed(1)}% (${(from / 1e6).toFixed(2)} MB → ${(to / 1e6).toFixed(2)} MB)`;

if (!args['no-build']) {
  console.error('Bundling the soak page (build/bench/soak/)…');
  await buildPage();
}
const server = await startDevServer({
  config: { rootDir: ROOT, port: 0, hostname: '127.0.0.1', middleware: [slowModelFiles(ROOT)] },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});
const browser = await launchChromium([
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
  '--enable-unsafe-webgpu',
]);
let dialogs = 0;
try {
  const page = await browser.newPage();
  page.on('dialog', (dialog) => (dialogs++, dialog.dismiss()));
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`http://127.0.0.1:${server.server.address().port}/bench/soak-page/index.html`);
  await page.waitForFunction(() => 'soak' in window);

  console.error(`Soak: ${TURNS} turns on the micro twin…`);
  const run = await soakTurns(page);

  const outcomes = [];
  for (const [name, inject] of Object.entries(FAULTS)) {
    console.error(`Fault: ${name}…`);
    const survived = await inject(page).catch((error) => (console.error(`  ${name}: ${error.message}`), false));
    outcomes.push({ name, survived });
  }

  console.error('Payloads…');
  const fixture = JSON.parse(readFileSync(join(ROOT, 'test/security/fixtures/xss-payloads.json'), 'utf8'));
  const payloads = fixture.payloads.map((entry) => entry.payload);
  const { tried, executions } = await page.evaluate(
    ([list, base]) => soak.tryPayloads(list, base),
    [payloads, '/test/fixtures/twins/test-twin/twin.json'],
  );
  const persisted = await page.evaluate((texts) => soak.conversationPersisted(texts), [...conversation]);

  const survived = outcomes.filter((outcome) => outcome.survived).length;
  console.log(
    `engine: ${run.engine.engine} · ${run.engine.device} (micro twin, greedy, ${TURNS} turns in ${run.seconds.toFixed(0)} s)`,
  );
  console.log(
    `turns held: ${run.held} / ${TURNS} (question kept, reply finished without error; ${run.silent} replies had no visible text)`,
  );
  console.log(`faults injected: ${outcomes.length}, survived: ${survived}`);
  for (const { name, survived: ok } of outcomes) console.log(`  ${ok ? 'survived' : 'FAILED  '}  ${name}`);
  console.log(
    `payloads tried: ${tried} (${payloads.length} payloads, streamed as whole words and as 1-4 character pieces)`,
  );
  console.log(`script executions: ${executions + dialogs} (canary calls ${executions}, dialogs ${dialogs})`);
  console.log(`bytes of conversation persisted: ${persisted.bytes} (${persisted.places} storage places searched)`);
  for (const place of persisted.where) console.log(`  found: ${place}`);
  const [first, warm] = HEAP_TURNS.map((turn) => run.heap[turn]);
  const last = run.heap[TURNS];
  console.log(
    `heap growth (JS heap after a memory-reducing GC, the log cleared): turn ${HEAP_TURNS[0]} → ${TURNS}: ${growth(first.cleared, last.cleared)}`,
  );
  console.log(`  after the warm-up, turn ${HEAP_TURNS[1]} → ${TURNS}: ${growth(warm.cleared, last.cleared)}`);
  console.log(
    `  with plain GCs (V8's compilation cache kept), turn ${HEAP_TURNS[1]} → ${TURNS}: ${growth(warm.plain, last.plain)}`,
  );
  console.log(
    `  the visible log of turns ${HEAP_TURNS[1] + 1}–${TURNS} held ${((last.withLog - last.plain) / 1e6).toFixed(2)} MB until cleared`,
  );
} finally {
  await browser.close();
  await server.stop();
}
