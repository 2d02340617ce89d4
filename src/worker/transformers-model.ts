import {
  AutoModelForCausalLM,
  AutoTokenizer,
  type DynamicCache,
  InterruptableStoppingCriteria,
  LogitsProcessor,
  LogitsProcessorList,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import type { ChatMessage } from '../generation/chat-message.js';
import { fitToContext, type PromptTokens } from '../generation/context-fit.js';
import { renderChatML, STOP_TOKENS } from '../generation/chat-ml.js';
import type { FinishReason, GenerateResult } from '../generation/reply.js';
import { checkArchitecture } from './architecture.js';
import { decodeWithDrafts } from './draft-decoding.js';
import { DRAFT_TOKENS, DraftLookup } from './draft-lookup.js';
import { forwardPass } from './forward-pass.js';
import { penaliseGenerated } from './generated-only-penalty.js';
import { type HeldCache, reusablePrefix } from './kv-reuse.js';
import { ModelFetch } from './model-fetch.js';
import { configure, MODEL_ID } from './transformers-env.js';
import { warmUpOrt } from './ort-warm-up.js';
import { sessionOptions } from './session-options.js';
import type { GenerateRequest, WorkerLoadSpec, WorkerProgress } from './protocol.js';
import { TokenStreamer } from './token-streamer.js';
import type { WorkerModel } from './worker-model.js';

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
      penaliseGenerated(
        (logits as unknown as Tensor[])[row]!.data as Float32Array,
        ids,
        this.promptLength,
        this.penalty,
      );
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
  warn?: (message: string) => void,
): Promise<TransformersModel> {
  const { buildUrl, expectedBytes, sha256 } = spec;
  const modelFetch = new ModelFetch({ buildUrl, expectedBytes, sha256, report, warn });
  configure(spec, modelFetch);
  // WASM only: ORT sets its runtime up once, for the first session's backend, and WebGPU's must be that first one.
  const runtimeStarted = spec.device === 'wasm' ? warmUpOrt() : undefined;
  // Checked before a single weight is downloaded.
  const configResponse = await modelFetch.fetch(new URL('config.json', spec.buildUrl).href);
  if (!configResponse.ok)
    throw new Error(`${spec.buildUrl}config.json could not be fetched (HTTP ${configResponse.status}).`);
  const config: unknown = await configResponse.json();
  checkArchitecture(config, spec.architecture, `${spec.buildUrl}config.json`);

  // The tokenizer (a 3.5 MB JSON for SmolLM2) parses while the weights arrive.
  const [tokenizer, model] = await Promise.all([
    AutoTokenizer.from_pretrained(MODEL_ID),
    AutoModelForCausalLM.from_pretrained(MODEL_ID, {
      device: spec.device,
      dtype: spec.dtype as 'fp32',
      session_options: sessionOptions(config, spec.dtype),
      progress_callback: modelFetch.reportCompileAfterWeights,
    }),
    runtimeStarted,
  ]);
  await modelFetch.settled();
  yieldBeforeEachStep(model);
  const perPass = spec.draftTokens ?? DRAFT_TOKENS;
  const notes = (spec.draftNotes ?? []).map((note) => tokenizer.encode(note, { add_special_tokens: false }));
  const drafts = spec.device === 'wasm' && perPass > 0 ? new DraftLookup(notes, perPass) : undefined;
  return new TransformersModel(tokenizer, model, spec.contextWindow, drafts);
}

/** The same ChatML text the element's prompt builder and training produce, system prompt verbatim, as model input. */
export function encodePrompt(
  tokenizer: PreTrainedTokenizer,
  messages: readonly ChatMessage[],
): { input_ids: Tensor; attention_mask: Tensor } {
  return tokenizer(renderChatML(messages, true), { add_special_tokens: false, return_tensor: true }) as {
    input_ids: Tensor;
    attention_mask: Tensor;
  };
}

/** How many tokens the prompt for `messages` is, all of it. */
export function countPromptTokens(tokenizer: PreTrainedTokenizer, messages: readonly ChatMessage[]): number {
  return encodePrompt(tokenizer, messages).input_ids.dims.at(-1)!;
}

/** The same count, message by message (see fitToContext for why they add up). */
export function promptTokens(tokenizer: PreTrainedTokenizer): PromptTokens {
  const tokens = (text: string) => tokenizer.encode(text, { add_special_tokens: false }).length;
  return { message: (message) => tokens(renderChatML([message], false)), tail: tokens(renderChatML([], true)) };
}

/**
 * A reply with the ids it generated, which the parity test compares with PyTorch's, how many prompt tokens it ran
 * (the rest came from the previous reply's KV cache), and how many forward passes decoding took after the prompt's
 * (fewer than the tokens where drafts were kept).
 */
export type TransformersResult = GenerateResult & { tokens: number[]; prefilled: number; decodeSteps: number };

/** What one reply's decoding starts from. */
interface Decode {
  inputs: { input_ids: Tensor; attention_mask: Tensor };
  promptIds: number[];
  past: DynamicCache | undefined;
  sampling: GenerateRequest['sampling'];
  minNewTokens: number;
  streamer: TokenStreamer;
}

/** What it ends with: the reply's ids (stop token excluded) and the cache the next reply may continue from. */
interface Decoded {
  tokens: number[];
  finish: FinishReason;
  held: HeldCache;
  decodeSteps: number;
}

export class TransformersModel implements WorkerModel {
  readonly #stopIds: number[];
  readonly #promptTokens: PromptTokens;
  #stopping = new InterruptableStoppingCriteria();
  /** The last reply's KV cache: the next prompt repeats the history, so only its new turn needs a prefill. */
  #held: HeldCache | undefined;

  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    /** Without one (a bench driving the model directly) prompts are not cut. */
    private readonly contextWindow = Infinity,
    /** Where replies are checked against looked-up drafts (WASM, whose cache can be cut); none on WebGPU. */
    private readonly drafts?: DraftLookup,
  ) {
    this.#promptTokens = promptTokens(tokenizer);
    this.#stopIds = STOP_TOKENS.map((token) => {
      const id = tokenizer.get_vocab().get(token);
      if (id === undefined) throw new Error(`The tokenizer has no ${token} token.`);
      return id;
    });
  }

  async generate(
    { messages, sampling, minNewTokens = 0 }: GenerateRequest,
    onText: (piece: string) => void,
  ): Promise<TransformersResult> {
    this.#stopping = new InterruptableStoppingCriteria();
    const prompt = fitToContext(messages, this.#promptTokens, this.contextWindow, sampling.max_new_tokens);
    const inputs = encodePrompt(this.tokenizer, prompt);
    const promptIds = Array.from((inputs.input_ids as Tensor).data as BigInt64Array, Number);
    const past = this.#takeReusable(promptIds);
    // Read now: generation extends the cache in place.
    const prefilled = promptIds.length - (past?.get_seq_length() ?? 0);
    const streamer = new TokenStreamer(this.tokenizer, onText);
    const decode = { inputs, promptIds, past, sampling, minNewTokens, streamer };
    // Drafts need a cache that can be cut (not WebGPU's) and one right answer per position (greedy).
    const decoded =
      this.drafts && sampling.temperature <= 0
        ? this.#decodeWithDrafts(decode, this.drafts)
        : this.#decodeWithTransformers(decode);
    // A failed reply's cache (updated in place, maybe in GPU buffers) is freed, not kept.
    const { tokens, finish, held, decodeSteps } = await decoded.catch(async (error: unknown) => {
      await past?.dispose();
      throw error;
    });
    this.#held = held;
    streamer.end();
    return { text: streamer.text, finish, tokens, prefilled, decodeSteps };
  }

  async #decodeWithDrafts(
    { promptIds, past, sampling, minNewTokens, streamer }: Decode,
    drafts: DraftLookup,
  ): Promise<Decoded> {
    const stopping = this.#stopping;
    const result = await decodeWithDrafts(this.model, {
      promptIds,
      past,
      maxNewTokens: sampling.max_new_tokens,
      minNewTokens,
      stopIds: this.#stopIds,
      repetitionPenalty: sampling.repetition_penalty,
      drafts,
      interrupted: () => stopping.interrupted,
      onToken: (id) => streamer.add([id]),
    });
    return { ...result, held: { ids: result.cachedIds, entries: result.cache } };
  }

  /** transformers.js's own generate(): sampling, and WebGPU, whose cache stays in GPU buffers. */
  async #decodeWithTransformers({
    inputs,
    promptIds,
    past,
    sampling,
    minNewTokens,
    streamer,
  }: Decode): Promise<Decoded> {
    const stopping = this.#stopping;
    const processors = new LogitsProcessorList();
    processors.push(new GeneratedOnlyRepetitionPenalty(promptIds.length, sampling.repetition_penalty));
    const greedy = sampling.temperature <= 0;
    const { sequences, past_key_values: cache } = (await this.model.generate({
      ...inputs,
      // Only the prompt ids past the cached prefix are run; the mask and positions still cover the whole prompt.
      ...(past ? { past_key_values: past } : {}),
      return_dict_in_generate: true,
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
    } as unknown as Parameters<PreTrainedModel['generate']>[0])) as {
      sequences: Tensor;
      past_key_values: DynamicCache;
    };
    const sequence = (sequences.tolist() as bigint[][])[0]!.map(Number);
    const tokens = sequence.slice(promptIds.length);
    const stopped = this.#stopIds.includes(tokens.at(-1)!);
    return {
      // The reply's own ids, without the stop token, as the Python side records them.
      tokens: stopped ? tokens.slice(0, -1) : tokens,
      finish: stopping.interrupted ? 'aborted' : stopped ? 'stop' : 'length',
      held: { ids: sequence.slice(0, cache.get_seq_length()), entries: cache },
      decodeSteps: tokens.length - 1,
    };
  }

  /**
   * Runs `messages` (the system prompt every prompt starts with) into the held KV cache, so that the next reply
   * prefills only what follows them: the worker does this while the visitor types.
   */
  async prefill(messages: readonly ChatMessage[]): Promise<void> {
    const ids = Array.from(this.tokenizer.encode(renderChatML(messages, false), { add_special_tokens: false }));
    const past = this.#takeReusable(ids);
    const { cache } = await forwardPass(this.model, ids.slice(past?.get_seq_length() ?? 0), past, 1);
    this.#held = { ids, entries: cache };
  }

  /** The held cache's part that this prompt starts with; the cache is released either way (a reply owns it). */
  #takeReusable(promptIds: readonly number[]): DynamicCache | undefined {
    const held = this.#held;
    this.#held = undefined;
    const past = reusablePrefix(held, promptIds);
    if (held && past !== held.entries) void held.entries.dispose();
    return past;
  }

  interrupt(): void {
    this.#stopping.interrupt();
  }

  /** Forgets the held KV cache (a cleared conversation); correctness never depends on it, reuse is by prefix. */
  reset(): void {
    void this.#held?.entries.dispose();
    this.#held = undefined;
  }

  async unload(): Promise<void> {
    this.reset();
    await this.model.dispose();
  }
}
