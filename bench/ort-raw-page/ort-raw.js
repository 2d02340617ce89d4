// The browser half of bench/ort-raw.mjs: ORT-web alone (no transformers.js, no worker) runs one ONNX build the
// way the engine does (plain SIMD build, 1 thread, explicit KV cache, logits for the last position), so its decode
// rate beside the engine's shows how much of a token is ORT's and how much is the JavaScript around it.
import * as ort from '/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs';

// ?build=asyncify loads the asyncify build (what transformers.js picks by default) instead of the plain one.
const build =
  new URLSearchParams(location.search).get('build') === 'asyncify'
    ? 'ort-wasm-simd-threaded.asyncify'
    : 'ort-wasm-simd-threaded';
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = {
  mjs: `/node_modules/onnxruntime-web/dist/${build}.mjs`,
  wasm: `/node_modules/onnxruntime-web/dist/${build}.wasm`,
};

const int64 = (values, dims) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);

// passLength > 1 times the pass that checks drafts: the last token and passLength - 1 drafts in one run, logits
// kept for each of them, so the table shows what a speculative pass costs beside a one-token step.
window.runOrt = async ({ buildUrl, dtypeFile, promptLength, steps, passLength = 1 }) => {
  const config = await (await fetch(`${buildUrl}config.json`)).json();
  const bytes = new Uint8Array(await (await fetch(`${buildUrl}onnx/${dtypeFile}`)).arrayBuffer());
  let start = performance.now();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const createMs = performance.now() - start;
  const headDim = config.head_dim ?? config.hidden_size / config.num_attention_heads;
  let past = {};
  for (let i = 0; i < config.num_hidden_layers; i++) {
    for (const kind of ['key', 'value']) {
      past[`past_key_values.${i}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [
        1,
        config.num_key_value_heads,
        0,
        headDim,
      ]);
    }
  }
  const keepFor = (rows) =>
    session.inputNames.includes('num_logits_to_keep') ? { num_logits_to_keep: int64([rows], []) } : {};
  let runMs = 0;
  const feed = async (ids, length, keep = 1) => {
    const inputs = {
      input_ids: int64(ids, [1, ids.length]),
      attention_mask: int64(new Array(length + ids.length).fill(1), [1, length + ids.length]),
      position_ids: int64(
        ids.map((_, i) => length + i),
        [1, ids.length],
      ),
      ...keepFor(keep),
      ...past,
    };
    const runStart = performance.now();
    const outputs = await session.run(inputs);
    runMs += performance.now() - runStart;
    past = {};
    for (const [name, tensor] of Object.entries(outputs)) {
      if (name.startsWith('present')) past[name.replace('present', 'past_key_values')] = tensor;
    }
    const logits = outputs.logits.data;
    const offset = logits.length - config.vocab_size;
    let best = 0;
    for (let i = 1; i < config.vocab_size; i++) if (logits[offset + i] > logits[offset + best]) best = i;
    return best;
  };
  start = performance.now();
  let token = await feed(
    Array.from({ length: promptLength }, (_, i) => 100 + i),
    0,
  );
  const prefillMs = performance.now() - start;
  runMs = 0;
  start = performance.now();
  for (let step = 0; step < steps; step++) {
    const drafts = new Array(passLength - 1).fill(token);
    token = await feed([token, ...drafts], promptLength + step * passLength, passLength);
  }
  const decodeMs = performance.now() - start;
  await session.release();
  return {
    createMs,
    prefillMs,
    decodeTokPerS: steps / (decodeMs / 1000),
    runMsPerToken: runMs / steps,
    stepMsPerToken: decodeMs / steps,
  };
};

/**
 * One weight product alone (bench/wasm_products.py): the mean time of `runs` session.run calls on `tokens` rows,
 * timed as one span (a page that is not cross-origin isolated reads the clock in 0.1 ms steps).
 */
window.timeProduct = async ({ url, int8, inputs, tokens, runs }) => {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const size = tokens * inputs;
  const x = int8
    ? new ort.Tensor(
        'uint8',
        Uint8Array.from({ length: size }, (_, i) => (i * 7) % 256),
        [1, tokens, inputs],
      )
    : new ort.Tensor(
        'float32',
        Float32Array.from({ length: size }, (_, i) => ((i * 7) % 13) / 13 - 0.5),
        [1, tokens, inputs],
      );
  await session.run({ x });
  const start = performance.now();
  for (let run = 0; run < runs; run++) await session.run({ x });
  const meanMs = (performance.now() - start) / runs;
  await session.release();
  return meanMs;
};
