// The browser half of bench/engines.mjs: loads one engine configuration, times the load (cold, then cached in a
// fresh worker), asks the same question a few times, and counts main-thread long tasks from the cold load to the
// end of the first reply. Exposes `window.runBench(config)` for the Node side to call.

const MODEL_CACHE = 'twin-chat-models-v1';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

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
class TwinWorker {
  constructor(url) {
    this.worker = new Worker(url, { type: 'module' });
    this.listeners = new Set();
    this.worker.onmessage = ({ data }) => this.listeners.forEach((listener) => listener(data));
  }
  next(predicate) {
    return new Promise((resolve, reject) => {
      const listener = (message) => {
        if (message.type === 'load-failed' || message.type === 'generate-failed') reject(new Error(message.message));
        else if (predicate(message)) resolve(message);
        else return;
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }
  async load(spec) {
    const start = performance.now();
    const loaded = this.next((message) => message.type === 'loaded');
    this.worker.postMessage({ type: 'load', spec });
    await loaded;
    return performance.now() - start;
  }
  async generate(id, messages, sampling) {
    const start = performance.now();
    let firstText;
    const first = (message) => {
      if (message.type === 'text' && message.id === id && firstText === undefined) firstText = performance.now();
    };
    this.listeners.add(first);
    const done = this.next((message) => message.type === 'done' && message.id === id);
    this.worker.postMessage({ type: 'generate', id, request: { messages, sampling, minNewTokens: sampling.max_new_tokens } });
    const { tokens, text } = await done;
    const end = performance.now();
    this.listeners.delete(first);
    return { ttft: firstText - start, tokens, text, decodeTokPerS: (tokens - 1) / ((end - firstText) / 1000) };
  }
  terminate() {
    this.worker.terminate();
  }
}

async function benchTransformers(config) {
  await caches.delete(MODEL_CACHE);
  const spec = {
    backend: 'transformers',
    device: config.device,
    dtype: config.dtype,
    buildUrl: new URL(config.buildUrl, location.href).href,
    architecture: 'llama',
    assetBase: new URL(config.assetBase, location.href).href,
    expectedBytes: 0,
    threads: config.threads,
  };
  const sampling = { temperature: 0, top_p: 1, repetition_penalty: 1.1, max_new_tokens: config.maxNewTokens };
  let worker = new TwinWorker(config.workerUrl);
  const { result: first, longTasks, longestTaskMs } = await countLongTasks(async () => {
    const coldLoad = await worker.load(spec);
    return { coldLoad, reply: await worker.generate(0, config.messages, sampling) };
  });
  const replies = [first.reply];
  for (let run = 1; run < config.runs; run++) replies.push(await worker.generate(run, config.messages, sampling));
  worker.terminate();
  worker = new TwinWorker(config.workerUrl);
  const cachedLoad = await worker.load(spec);
  worker.terminate();
  return summarise({ coldLoad: first.coldLoad, cachedLoad, replies, longTasks, longestTaskMs });
}

async function benchWllama(config) {
  const { Wllama } = await import(config.wllamaModule);
  const make = () => new Wllama({ default: config.wllamaWasm }, { suppressNativeLog: true, logger: { ...console, debug() {}, log() {}, warn() {} } });
  let wllama = make();
  await wllama.cacheManager.clear();
  const params = { n_threads: config.threads, n_ctx: 1024, n_batch: 512 };
  const generate = async () => {
    const start = performance.now();
    let firstText;
    let chunks = 0;
    let tokens;
    let text = '';
    const stream = await wllama.createChatCompletion({
      messages: config.messages,
      max_tokens: config.maxNewTokens,
      temperature: 0,
      repeat_penalty: 1.1,
      // Equal-length replies on both engines, so decode rates compare like for like.
      ignore_eos: true,
      stream: true,
    });
    for await (const chunk of stream) {
      if (chunk.choices?.[0]?.delta?.content) {
        text += chunk.choices[0].delta.content;
        chunks++;
        firstText ??= performance.now();
      }
      tokens = chunk.usage?.completion_tokens ?? tokens;
    }
    const end = performance.now();
    tokens ??= chunks;
    return { ttft: firstText - start, tokens, text, decodeTokPerS: (tokens - 1) / ((end - firstText) / 1000) };
  };
  const { result: first, longTasks, longestTaskMs } = await countLongTasks(async () => {
    const start = performance.now();
    await wllama.loadModelFromUrl(new URL(config.ggufUrl, location.href).href, params);
    const coldLoad = performance.now() - start;
    return { coldLoad, reply: await generate() };
  });
  const replies = [first.reply];
  for (let run = 1; run < config.runs; run++) replies.push(await generate());
  await wllama.exit();
  wllama = make();
  const start = performance.now();
  await wllama.loadModelFromUrl(new URL(config.ggufUrl, location.href).href, params);
  const cachedLoad = performance.now() - start;
  await wllama.exit();
  return summarise({ coldLoad: first.coldLoad, cachedLoad, replies, longTasks, longestTaskMs });
}

function summarise({ coldLoad, cachedLoad, replies, longTasks, longestTaskMs }) {
  return {
    coldLoadS: coldLoad / 1000,
    cachedLoadS: cachedLoad / 1000,
    ttftS: median(replies.map((reply) => reply.ttft)) / 1000,
    decodeTokPerS: median(replies.map((reply) => reply.decodeTokPerS)),
    tokens: median(replies.map((reply) => reply.tokens)),
    replyStart: replies[0].text.slice(0, 60),
    longTasks,
    longestTaskMs,
    crossOriginIsolated: self.crossOriginIsolated,
  };
}

window.runBench = (config) => (config.engine === 'wllama' ? benchWllama(config) : benchTransformers(config));
