import { CreateMLCEngine, type AppConfig, type ChatCompletionMessageParam, type MLCEngine } from '@mlc-ai/web-llm';
import type { FinishReason, GenerateResult, LoadProgress } from '../engines/engine.js';
import { checkArchitecture } from './architecture.js';
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
  checkArchitecture(await configResponse.json(), spec.architecture, configUrl);
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
      report({ phase: phaseOf(text), loaded: Math.round(progress * total), total, fromCache: /from cache/i.test(text) });
    },
  });
  return new WebLlmModel(engine);
}

class WebLlmModel implements WorkerModel {
  constructor(private readonly engine: MLCEngine) {}

  async generate({ messages, sampling }: GenerateRequest, onText: (piece: string) => void): Promise<GenerateResult> {
    // web-llm renders the ChatML template from mlc-chat-config.json and stops at its stop tokens; its
    // repetition penalty already counts generated tokens only (DESIGN seam 4).
    const chunks = await this.engine.chat.completions.create({
      messages: messages as ChatCompletionMessageParam[],
      stream: true,
      temperature: sampling.temperature,
      top_p: sampling.top_p,
      repetition_penalty: sampling.repetition_penalty,
      max_tokens: sampling.max_new_tokens,
    });
    let text = '';
    let finish: FinishReason = 'stop';
    for await (const chunk of chunks) {
      const choice = chunk.choices[0];
      const piece = choice?.delta.content ?? '';
      if (piece) {
        text += piece;
        onText(piece);
      }
      if (choice?.finish_reason) finish = choice.finish_reason === 'length' ? 'length' : choice.finish_reason === 'abort' ? 'aborted' : 'stop';
    }
    return { text, finish };
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
