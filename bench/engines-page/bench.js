// The browser half of bench/engines.mjs: loads one engine configuration, times the load (cold, then cached in a
// fresh worker), asks the same question a few times (each from an empty KV cache, so every reply prefills the
// whole prompt), holds a 10-turn conversation (reusing the KV cache, as a chat does) and counts main-thread long
// tasks from the cold load to the end of the first reply. Exposes `window.runBench(config)` for the Node side, and
// `window.runInterleaved(configs)`, which compares ONNX builds reply by reply on one page (A/B under load).

import { median, WorkerClient } from '../worker-client.js';

const MODEL_CACHE = 'twin-chat-models-v1';

/** Long tasks (> 50 ms) on this, the page's main thread, while `body` runs. */
async function countLongTasks(body) {
  const tasks = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((entry) => entry.duration)));
  observer.observe({ type: 'longtask' });
  const result = await body();
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return { result, longTasks: tasks.length, longestTaskMs: Math.round(Math.max(0, ...tasks)) };
}

/** Our engine worker (src/worker/engine-worker.ts, bundled by the bench), spoken to through its own protocol. */
class TwinWorker extends WorkerClient {
  constructor(url) {
    super(url, ['load-failed', 'generate-failed']);
  }
  /**
   * `fresh`: forget the KV cache first, so the whole prompt is prefilled. `pauseMs`: then wait that long before
   * asking, as a visitor typing would (a worker given a system prompt runs it meanwhile).
   */
  async generate(id, messages, sampling, { fresh = true, minNewTokens = sampling.max_new_tokens, pauseMs = 0 } = {}) {
    if (fresh) this.worker.postMessage({ type: 'reset' });
    if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const start = performance.now();
    let firstText;
    const first = (message) => {
      if (message.type === 'text' && message.id === id && firstText === undefined) firstText = performance.now();
    };
    this.listeners.add(first);
    const done = this.next((message) => message.type === 'done' && message.id === id);
    this.worker.postMessage({ type: 'generate', id, request: { messages, sampling, minNewTokens } });
    let pieces = 0;
    const piece = (message) => message.type === 'text' && message.id === id && pieces++;
    this.listeners.add(piece);
    const { tokens: counted, text, prefilled, decodeSteps } = await done;
    const decodeMs = performance.now() - firstText;
    this.listeners.delete(first);
    this.listeners.delete(piece);
    // web-llm does not report its token count through the worker: it streams one piece of text per token.
    const tokens = counted ?? pieces;
    return {
      ttft: firstText - start,
      tokens,
      text,
      prefilled,
      decodeSteps,
      decodeMs,
      decodeTokPerS: (tokens - 1) / (decodeMs / 1000),
    };
  }
  terminate() {
    this.worker.terminate();
  }
}

/**
 * A conversation of `config.turns.length` turns, each reply `config.turnTokens` long and kept in the history, with
 * the engine's KV cache reuse on from the 2nd turn (the 1st starts from an empty cache): time to first token of
 * each turn, and the prompt tokens the last turn ran.
 */
async function conversation(config, ask) {
  if (!config.turns.length) return {};
  const history = [config.messages[0]];
  const ttfts = [];
  let last;
  for (const question of config.turns) {
    history.push({ role: 'user', content: question });
    last = await ask([...history], ttfts.length === 0);
    ttfts.push(last.ttft);
    history.push({ role: 'assistant', content: last.text });
  }
  return { firstTurnTtft: ttfts[0], lastTurnTtft: ttfts.at(-1), lastTurnPrefilled: last.prefilled };
}

function transformersSpec(config) {
  return {
    backend: 'transformers',
    device: config.device,
    dtype: config.dtype,
    buildUrl: new URL(config.buildUrl, location.href).href,
    architecture: 'llama',
    assetBase: new URL(config.assetBase, location.href).href,
    expectedBytes: 0,
    threads: config.threads,
    draftTokens: config.draftTokens,
  };
}

/** Our worker running an MLC build through web-llm (SwiftShader here): information only. */
function webLlmSpec(config) {
  return {
    backend: 'webllm',
    device: 'webgpu',
    buildUrl: new URL(config.mlcUrl, location.href).href,
    modelLib: new URL(config.modelLib, location.href).href,
    requiredFeatures: [],
    architecture: 'llama',
    assetBase: new URL(config.assetBase, location.href).href,
    expectedBytes: 0,
  };
}

/**
 * Cold load (download, then every WGSL shader compiled: timed on its own from web-llm's first "Loading GPU shader
 * modules" report to the model being ready), a reply, then a cached load in a fresh worker.
 */
async function benchWebLlm(config) {
  await caches
    .keys()
    .then((keys) => Promise.all(keys.filter((key) => key.startsWith('webllm')).map((key) => caches.delete(key))));
  let worker = new TwinWorker(config.workerUrl);
  let compileStart;
  worker.listeners.add(
    (message) =>
      message.type === 'progress' && message.progress.phase === 'compile' && (compileStart ??= performance.now()),
  );
  const {
    result: first,
    longTasks,
    longestTaskMs,
  } = await countLongTasks(async () => {
    const coldLoad = await worker.load(webLlmSpec(config));
    const shaderCompile = performance.now() - compileStart;
    return {
      coldLoad,
      shaderCompile,
      reply: await worker.generate(0, config.messages, samplingFor(config.maxNewTokens), { minNewTokens: 0 }),
    };
  });
  worker.terminate();
  worker = new TwinWorker(config.workerUrl);
  const cachedLoad = await worker.load(webLlmSpec(config));
  worker.terminate();
  return {
    ...summarise({ coldLoad: first.coldLoad, cachedLoad, replies: [first.reply], longTasks, longestTaskMs }),
    shaderCompileS: first.shaderCompile / 1000,
  };
}

const samplingFor = (maxNewTokens) => ({
  temperature: 0,
  top_p: 1,
  repetition_penalty: 1.1,
  max_new_tokens: maxNewTokens,
});

async function benchTransformers(config) {
  await caches.delete(MODEL_CACHE);
  const spec = transformersSpec(config);
  const sampling = samplingFor(config.maxNewTokens);
  let worker = new TwinWorker(config.workerUrl);
  const {
    result: first,
    longTasks,
    longestTaskMs,
  } = await countLongTasks(async () => {
    const coldLoad = await worker.load(spec);
    return { coldLoad, reply: await worker.generate(0, config.messages, sampling) };
  });
  const replies = [first.reply];
  for (let run = 1; run < config.runs; run++) replies.push(await worker.generate(run, config.messages, sampling));
  let turn = config.runs;
  const turns = await conversation(config, (messages, fresh) =>
    worker.generate(turn++, messages, samplingFor(config.turnTokens), { fresh }),
  );
  worker.terminate();
  worker = new TwinWorker(config.workerUrl);
  const cachedLoad = await worker.load(spec);
  worker.terminate();
  return summarise({ coldLoad: first.coldLoad, cachedLoad, replies, longTasks, longestTaskMs, turns });
}

/**
 * Several ONNX builds on one page, one worker each, compared reply by reply (A, B, A, B, ...) so that load from
 * other processes hits them alike: medians of cold load, cached load, TTFT (full prefill) and decode.
 */
async function runInterleaved(configs) {
  await caches.delete(MODEL_CACHE);
  const rows = configs.map(() => ({ loads: [], cachedLoads: [], replies: [] }));
  const workers = [];
  for (const [i, config] of configs.entries()) {
    workers[i] = new TwinWorker(config.workerUrl);
    rows[i].loads.push(await workers[i].load(transformersSpec(config)));
  }
  for (let run = 0; run < configs[0].runs; run++) {
    for (const [i, config] of configs.entries()) {
      rows[i].replies.push(await workers[i].generate(run, config.messages, samplingFor(config.maxNewTokens)));
    }
  }
  for (let run = 0; run < configs[0].runs; run++) {
    for (const [i, config] of configs.entries()) {
      workers[i].terminate();
      workers[i] = new TwinWorker(config.workerUrl);
      rows[i].cachedLoads.push(await workers[i].load(transformersSpec(config)));
    }
  }
  workers.forEach((worker) => worker.terminate());
  return rows.map(({ loads, cachedLoads, replies }) =>
    summarise({ coldLoad: loads[0], cachedLoad: median(cachedLoads), replies, longTasks: 0, longestTaskMs: 0 }),
  );
}

const makeWllama = async (config) => {
  const { Wllama } = await import(config.wllamaModule);
  return new Wllama(
    { default: config.wllamaWasm },
    { suppressNativeLog: true, logger: { ...console, debug() {}, log() {}, warn() {} } },
  );
};
const wllamaParams = (config) => ({ n_threads: config.threads, n_ctx: 1024, n_batch: 512 });

/** A fresh wllama with the model loaded (from its cache when there). */
async function loadWllama(config) {
  const wllama = await makeWllama(config);
  await wllama.loadModelFromUrl(new URL(config.ggufUrl, location.href).href, wllamaParams(config));
  return wllama;
}

/**
 * One streamed reply. `cachePrompt: false` prefills the whole prompt, as our timed replies do; `ignoreEos` makes
 * replies equal-length on both engines, so that decode rates compare like for like.
 */
async function wllamaReply(
  wllama,
  { messages, maxTokens, cachePrompt = false, temperature = 0, repeatPenalty = 1.1, ignoreEos = false },
) {
  const start = performance.now();
  let firstText;
  let chunks = 0;
  let tokens;
  let text = '';
  let prefilled;
  const stream = await wllama.createChatCompletion({
    messages,
    max_tokens: maxTokens,
    cache_prompt: cachePrompt,
    temperature,
    repeat_penalty: repeatPenalty,
    ignore_eos: ignoreEos,
    stream: true,
  });
  for await (const chunk of stream) {
    if (chunk.choices?.[0]?.delta?.content) {
      text += chunk.choices[0].delta.content;
      chunks++;
      firstText ??= performance.now();
    }
    tokens = chunk.usage?.completion_tokens ?? tokens;
    if (chunk.usage) prefilled = chunk.usage.prompt_tokens - (chunk.usage.prompt_tokens_details?.cached_tokens ?? 0);
  }
  const decodeMs = performance.now() - firstText;
  tokens ??= chunks;
  return {
    ttft: firstText - start,
    tokens,
    text,
    prefilled,
    decodeMs,
    decodeTokPerS: (tokens - 1) / (decodeMs / 1000),
  };
}

async function benchWllama(config) {
  const cold = await makeWllama(config);
  await cold.cacheManager.clear();
  const generate = (
    wllama,
    { messages = config.messages, maxTokens = config.maxNewTokens, cachePrompt = false } = {},
  ) => wllamaReply(wllama, { messages, maxTokens, cachePrompt, ignoreEos: true });
  const {
    result: first,
    longTasks,
    longestTaskMs,
  } = await countLongTasks(async () => {
    const start = performance.now();
    await cold.loadModelFromUrl(new URL(config.ggufUrl, location.href).href, wllamaParams(config));
    const coldLoad = performance.now() - start;
    return { coldLoad, reply: await generate(cold) };
  });
  const replies = [first.reply];
  for (let run = 1; run < config.runs; run++) replies.push(await generate(cold));
  const turns = await conversation(config, (messages, fresh) =>
    generate(cold, { messages, maxTokens: config.turnTokens, cachePrompt: !fresh }),
  );
  await cold.exit();
  const start = performance.now();
  const cached = await loadWllama(config);
  const cachedLoad = performance.now() - start;
  await cached.exit();
  return summarise({ coldLoad: first.coldLoad, cachedLoad, replies, longTasks, longestTaskMs, turns });
}

function summarise({ coldLoad, cachedLoad, replies, longTasks, longestTaskMs, turns }) {
  return {
    ...turns,
    coldLoadS: coldLoad / 1000,
    cachedLoadS: cachedLoad / 1000,
    ttftS: median(replies.map((reply) => reply.ttft)) / 1000,
    prefilled: median(replies.map((reply) => reply.prefilled)),
    decodeTokPerS: median(replies.map((reply) => reply.decodeTokPerS)),
    tokens: median(replies.map((reply) => reply.tokens)),
    // Ours only: forward passes after the prompt's, fewer than the tokens where looked-up drafts were kept.
    decodeSteps: replies[0].decodeSteps === undefined ? undefined : median(replies.map((reply) => reply.decodeSteps)),
    replyStart: replies[0].text.slice(0, 60),
    longTasks,
    longestTaskMs,
    crossOriginIsolated: self.crossOriginIsolated,
  };
}

/**
 * A twin answering its own training questions, each from an empty KV cache, with replies as long as the twin makes
 * them (its manifest's sampling): the decode rate over all the replies, the forward passes they took (ours only)
 * and the median time to first token (the whole prompt prefilled).
 */
async function benchTwin(config) {
  const worker = new TwinWorker(config.workerUrl);
  await worker.load({ ...transformersSpec(config), draftNotes: config.draftNotes, systemPrompt: config.systemPrompt });
  const replies = [];
  for (const [id, messages] of config.questions.entries()) {
    replies.push(await worker.generate(id, messages, config.sampling, { minNewTokens: 0, pauseMs: config.pauseMs }));
  }
  worker.terminate();
  return { ...twinSummary(replies), passes: replies.reduce((total, reply) => total + reply.decodeSteps + 1, 0) };
}

/** The same questions through wllama on the twin's Q8_0 GGUF (bench/twin_gguf.py), sampling as the manifest says. */
async function benchTwinWllama(config) {
  const wllama = await loadWllama(config);
  const replies = [];
  for (const messages of config.questions) {
    replies.push(
      await wllamaReply(wllama, {
        messages,
        maxTokens: config.sampling.max_new_tokens,
        temperature: config.sampling.temperature,
        repeatPenalty: config.sampling.repetition_penalty,
      }),
    );
  }
  await wllama.exit();
  return twinSummary(replies);
}

function twinSummary(replies) {
  const sum = (key) => replies.reduce((total, reply) => total + reply[key], 0);
  return {
    replies: replies.length,
    tokens: sum('tokens'),
    ttftS: median(replies.map((reply) => reply.ttft)) / 1000,
    prefilled: median(replies.map((reply) => reply.prefilled)),
    decodeTokPerS: (sum('tokens') - replies.length) / (sum('decodeMs') / 1000),
  };
}

window.runTwin = (config) => (config.engine === 'wllama' ? benchTwinWllama(config) : benchTwin(config));
const BENCHES = { wllama: benchWllama, webllm: benchWebLlm, transformers: benchTransformers };
window.runBench = (config) => BENCHES[config.engine](config);
window.runInterleaved = runInterleaved;
