import { CreateMLCEngine, type AppConfig, type ChatCompletionMessageParam, type MLCEngine } from '@mlc-ai/web-llm';
import type { LoadProgress } from '../generation/load-progress.js';
import type { FinishReason, GenerateResult } from '../generation/reply.js';
import type { KnownAnswer } from '../models/manifest.js';
import { checkArchitecture } from './architecture.js';
import { knownAnswerMismatch } from './known-answer.js';
import type { GenerateRequest, WorkerLoadSpec, WorkerProgress } from './protocol.js';
import type { WorkerModel } from './worker-model.js';

/** web-llm's own phrases in its progress text, mapped to our phases. */
function phaseOf(text: string): LoadProgress['phase'] {
  if (/from cache/i.test(text)) return 'cache';
  if (/fetch|download/i.test(text)) return 'fetch';
  return 'compile';
}

/** Says which of the build's required GPU features the adapter lacks, before anything is downloaded. */
async function checkFeatures(required: readonly string[]): Promise<void> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ features: Set<string> } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) throw new Error('WebGPU is not available here (no GPU adapter), so the MLC build cannot run.');
  const missing = required.filter((feature) => !adapter.features.has(feature));
  if (missing.length > 0) {
    throw new Error(`The MLC build needs the WebGPU feature ${missing.join(', ')}, which this GPU adapter lacks.`);
  }
}

/**
 * Asks the loaded model the known-answer question and compares the first step's top log-probabilities with the
 * ones PyTorch computed for this build. Temperature 1 makes web-llm report the model's own distribution; the one
 * sampled token is thrown away with the conversation.
 */
async function proveGpu(engine: MLCEngine, known: KnownAnswer, system: string): Promise<void> {
  const reply = await engine.chat.completions.create({
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: known.question },
    ],
    max_tokens: 1,
    temperature: 1,
    top_p: 1,
    repetition_penalty: 1,
    logprobs: true,
    top_logprobs: known.top_logprobs.length,
  });
  await engine.resetChat();
  const mismatch = knownAnswerMismatch(known, reply.choices[0]?.logprobs?.content?.[0]?.top_logprobs ?? []);
  if (mismatch) {
    throw new Error(`This GPU failed the twin's known-answer check (${mismatch}), so its results cannot be trusted.`);
  }
}

export async function loadWebLlmModel(
  spec: WorkerLoadSpec,
  report: (progress: WorkerProgress) => void,
): Promise<WorkerModel> {
  await checkFeatures(spec.requiredFeatures ?? []);
  // web-llm reads an MLC build in the HF hub layout, `<model URL>/resolve/main/<file>` (it appends that suffix
  // itself, and fetches through Cache.add, which no fetch wrapper sees): a self-hosted build mirrors it.
  const configUrl = new URL('resolve/main/mlc-chat-config.json', spec.buildUrl).href;
  const configResponse = await fetch(configUrl);
  if (!configResponse.ok) throw new Error(`${configUrl} could not be fetched (HTTP ${configResponse.status}).`);
  const chatConfig = (await configResponse.json()) as { turn_end_token_ids?: number[] };
  checkArchitecture(chatConfig, spec.architecture, configUrl);
  // web-llm would instantiate a 404 page as wasm and fail with "expected magic word"; say what is missing instead.
  const lib = await fetch(spec.modelLib ?? '', { method: 'HEAD' });
  if (!lib.ok) throw new Error(`The MLC model library ${spec.modelLib} could not be fetched (HTTP ${lib.status}).`);
  const modelId = 'twin';
  const appConfig: AppConfig = {
    model_list: [
      {
        model: spec.buildUrl,
        model_id: modelId,
        model_lib: spec.modelLib ?? '',
        required_features: spec.requiredFeatures ?? [],
      },
    ],
    cacheBackend: 'cache',
  };
  const engine = await CreateMLCEngine(modelId, {
    appConfig,
    initProgressCallback: ({ progress, text }) => {
      const total = spec.expectedBytes || 1;
      report({
        phase: phaseOf(text),
        loaded: Math.round(progress * total),
        total,
        fromCache: /from cache/i.test(text),
      });
    },
  });
  if (spec.knownAnswer) {
    await proveGpu(engine, spec.knownAnswer, spec.systemPrompt ?? '').catch(async (error: unknown) => {
      await engine.unload();
      throw error;
    });
  }
  return new WebLlmModel(engine, chatConfig.turn_end_token_ids ?? []);
}

class WebLlmModel implements WorkerModel {
  /** `turnEnd`: the ids of `<|im_end|>\n` (mlc-chat-config.json's `turn_end_token_ids`, written by our exporter). */
  constructor(
    private readonly engine: MLCEngine,
    private readonly turnEnd: number[],
  ) {}

  /**
   * web-llm renders the ChatML template from mlc-chat-config.json and stops at its stop tokens; its repetition
   * penalty counts generated tokens only (test/engines/webgpu/webllm-ids.test.ts). When the messages continue
   * the conversation it holds (the history repeats its last reply word for word), it keeps its KV cache and
   * prefills only the new turn, from `<|im_start|>user` on; `prefilled` says how many tokens it ran. The
   * `<|im_end|>\n` closing the reply before it is missing from that turn, and from the cache, where the stop
   * token was sampled but never fed: after a reply that stopped, it is fed here, so the next turn's prompt is
   * the ChatML the twin was trained on. (Its one sampled token is thrown away.)
   */
  async generate(
    { messages, sampling }: GenerateRequest,
    onText: (piece: string) => void,
  ): Promise<GenerateResult & { prefilled?: number }> {
    const chunks = await this.engine.chat.completions.create({
      messages: messages as ChatCompletionMessageParam[],
      stream: true,
      stream_options: { include_usage: true },
      temperature: sampling.temperature,
      top_p: sampling.top_p,
      repetition_penalty: sampling.repetition_penalty,
      max_tokens: sampling.max_new_tokens,
    });
    let text = '';
    let finish: FinishReason = 'stop';
    let prefilled: number | undefined;
    for await (const chunk of chunks) {
      const choice = chunk.choices[0];
      const piece = choice?.delta.content ?? '';
      if (piece) {
        text += piece;
        onText(piece);
      }
      if (choice?.finish_reason)
        finish = choice.finish_reason === 'length' ? 'length' : choice.finish_reason === 'abort' ? 'aborted' : 'stop';
      if (chunk.usage) prefilled = chunk.usage.prompt_tokens;
    }
    if (finish === 'stop' && this.turnEnd.length > 0) await this.engine.forwardTokensAndSample(this.turnEnd, true);
    return { text, finish, ...(prefilled === undefined ? {} : { prefilled }) };
  }

  interrupt(): void {
    this.engine.interruptGenerate();
  }

  reset(): void {
    void this.engine.resetChat();
  }

  async unload(): Promise<void> {
    await this.engine.unload();
  }
}
