import {
  AutoModelForCausalLM,
  AutoTokenizer,
  InterruptableStoppingCriteria,
  LogitsProcessor,
  LogitsProcessorList,
  Tensor,
  TextStreamer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { renderChatML, STOP_TOKENS } from '../conversation/prompt.js';
import type { GenerateResult } from '../engines/engine.js';
import { checkArchitecture } from './architecture.js';
import { penaliseGenerated } from './generated-only-penalty.js';
import { ModelFetch } from './model-fetch.js';
import type { GenerateRequest, WorkerLoadSpec, WorkerProgress } from './protocol.js';
import type { WorkerModel } from './worker-model.js';

/**
 * transformers.js resolves model files as `<remoteHost>/<model id>/<file>`. The build can live at any URL, so it
 * is given a fixed id on a host that cannot exist, and ModelFetch maps that prefix back to the real folder.
 */
const VIRTUAL_HOST = 'https://twin-build.invalid/';
export const MODEL_ID = 'twin/build';
const VIRTUAL_BUILD = `${VIRTUAL_HOST}${MODEL_ID}/`;

/**
 * ORT's plain wasm build for the CPU path: it loads in about half the time of the asyncify build transformers.js
 * picks by default, and decodes faster (DESIGN "Environment facts"). WebGPU needs the asyncify build.
 */
function ortFiles(device: WorkerLoadSpec['device']): { mjs: string; wasm: string } {
  const name = device === 'webgpu' ? 'ort-wasm-simd-threaded.asyncify' : 'ort-wasm-simd-threaded';
  return { mjs: `${name}.mjs`, wasm: `${name}.wasm` };
}

/**
 * Points transformers.js at our own files only: the build through ModelFetch, ORT from `asset-base`. Also used by
 * the speech worker (whisper-model.ts), which loads its Whisper build the same way.
 */
export function configure(spec: Pick<WorkerLoadSpec, 'device' | 'assetBase' | 'threads' | 'buildUrl'>, modelFetch: ModelFetch): void {
  const files = ortFiles(spec.device);
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number } };
  if (onnx.wasm) {
    onnx.wasm.wasmPaths = { mjs: new URL(files.mjs, spec.assetBase).href, wasm: new URL(files.wasm, spec.assetBase).href };
    // Threads need a cross-origin isolated page (SharedArrayBuffer); elsewhere ORT runs one thread anyway.
    onnx.wasm.numThreads = spec.threads ?? (self.crossOriginIsolated ? Math.min(navigator.hardwareConcurrency || 1, 4) : 1);
  }
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = VIRTUAL_HOST;
  env.remotePathTemplate = '{model}/';
  // ModelFetch owns caching (and says "from cache"); transformers.js's own cache would store a second copy.
  env.useBrowserCache = false;
  env.useWasmCache = false;
  env.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return modelFetch.fetch(url.startsWith(VIRTUAL_BUILD) ? spec.buildUrl + url.slice(VIRTUAL_BUILD.length) : input, init);
  };
}

/** Our repetition penalty as a transformers.js processor: it knows where the prompt ends. */
class GeneratedOnlyRepetitionPenalty extends LogitsProcessor {
  constructor(
    private readonly promptLength: number,
    private readonly penalty: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    inputIds.forEach((ids, row) => {
      penaliseGenerated((logits as unknown as Tensor[])[row]!.data as Float32Array, ids, this.promptLength, this.penalty);
    });
    return logits;
  }
}

/** Resolves in a new task, not a microtask; unlike setTimeout it is never clamped to 4 ms. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * ORT's WASM session.run computes synchronously and resolves through microtasks only, so a whole reply would run
 * without the worker ever reading its message queue: an interrupt would land after the last token. Yielding a
 * task before each step lets "interrupt" (and the next chat's request) in, for well under a millisecond a token.
 */
function yieldBeforeEachStep(model: PreTrainedModel): void {
  type Session = { run: (...args: unknown[]) => Promise<unknown> };
  const { sessions } = model as unknown as { sessions: Record<string, Session> };
  for (const session of Object.values(sessions)) {
    const run = session.run.bind(session);
    session.run = async (...args) => {
      await nextTask();
      return run(...args);
    };
  }
}

export async function loadTransformersModel(
  spec: WorkerLoadSpec,
  report: (progress: WorkerProgress) => void,
): Promise<TransformersModel> {
  const modelFetch = new ModelFetch({ buildUrl: spec.buildUrl, expectedBytes: spec.expectedBytes, report });
  configure(spec, modelFetch);
  // Checked before a single weight is downloaded.
  const configResponse = await modelFetch.fetch(new URL('config.json', spec.buildUrl).href);
  if (!configResponse.ok) throw new Error(`${spec.buildUrl}config.json could not be fetched (HTTP ${configResponse.status}).`);
  checkArchitecture(await configResponse.json(), spec.architecture, `${spec.buildUrl}config.json`);

  const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  const model = await AutoModelForCausalLM.from_pretrained(MODEL_ID, {
    device: spec.device,
    dtype: spec.dtype as 'fp32',
    progress_callback: modelFetch.reportCompileAfterWeights,
  });
  await modelFetch.settled();
  yieldBeforeEachStep(model);
  return new TransformersModel(tokenizer, model);
}

/** A reply with the ids it generated, which the parity test compares with PyTorch's. */
export type TransformersResult = GenerateResult & { tokens: number[] };

export class TransformersModel implements WorkerModel {
  readonly #stopIds: number[];
  #stopping = new InterruptableStoppingCriteria();

  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
  ) {
    this.#stopIds = STOP_TOKENS.map((token) => {
      const id = tokenizer.get_vocab().get(token);
      if (id === undefined) throw new Error(`The tokenizer has no ${token} token.`);
      return id;
    });
  }

  async generate({ messages, sampling, minNewTokens }: GenerateRequest, onText: (piece: string) => void): Promise<TransformersResult> {
    this.#stopping = new InterruptableStoppingCriteria();
    const stopping = this.#stopping;
    // The same ChatML text the element's prompt builder and training produce, system prompt verbatim.
    const inputs = this.tokenizer(renderChatML(messages, true), { add_special_tokens: false, return_tensor: true });
    const promptLength = (inputs.input_ids as Tensor).dims.at(-1)!;
    const processors = new LogitsProcessorList();
    processors.push(new GeneratedOnlyRepetitionPenalty(promptLength, sampling.repetition_penalty));
    let text = '';
    const streamer = new TextStreamer(this.tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      callback_function: (piece: string) => {
        text += piece;
        if (piece) onText(piece);
      },
    });
    const greedy = sampling.temperature <= 0;
    const output = (await this.model.generate({
      ...inputs,
      max_new_tokens: sampling.max_new_tokens,
      ...(minNewTokens ? { min_new_tokens: minNewTokens } : {}),
      do_sample: !greedy,
      ...(greedy ? {} : { temperature: sampling.temperature, top_p: sampling.top_p }),
      // The built-in penalty counts the prompt; ours (above) replaces it.
      repetition_penalty: 1,
      eos_token_id: this.#stopIds,
      logits_processor: processors,
      stopping_criteria: stopping,
      streamer,
    } as Parameters<PreTrainedModel['generate']>[0])) as Tensor;
    const tokens = (output.tolist() as bigint[][])[0]!.slice(promptLength).map(Number);
    const stopped = this.#stopIds.includes(tokens.at(-1)!);
    const finish = stopping.interrupted ? 'aborted' : stopped ? 'stop' : 'length';
    // The reply's own ids, without the stop token, as the Python side records them.
    return { text, finish, tokens: stopped ? tokens.slice(0, -1) : tokens };
  }

  interrupt(): void {
    this.#stopping.interrupt();
  }

  /** No KV cache is kept between replies: each prompt is complete in itself. */
  reset(): void {}

  async unload(): Promise<void> {
    await this.model.dispose();
  }
}
