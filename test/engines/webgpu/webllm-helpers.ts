import { CreateMLCEngine, type ChatOptions, type MLCEngine } from '@mlc-ai/web-llm';
import type { ChatMessage } from '../../../src/generation/chat-message.js';

/**
 * A committed micro twin's MLC build (models/<twin>/mlc/<quantization>/, written by `twin-finetune export-mlc`),
 * loaded by stock web-llm on the page, so that a test can reach what the worker protocol does not carry (token
 * ids, the engine's own options).
 */
export function mlcBuildUrl(twin: string, quantization: string): string {
  return new URL(`/models/${twin}/mlc/${quantization}/`, location.href).href;
}

export async function loadPageEngine(
  twin: string,
  quantization: string,
  chatOptions: ChatOptions = {},
): Promise<MLCEngine> {
  const url = mlcBuildUrl(twin, quantization);
  const build = await (await fetch(`${url}mlc-build.json`)).json();
  return CreateMLCEngine(
    'twin',
    {
      appConfig: {
        model_list: [{ model: url, model_id: 'twin', model_lib: url + build.model_lib, required_features: [] }],
      },
    },
    chatOptions,
  );
}

/** One parity prompt of a build's reference.json: PyTorch's ids and texts with the build's own weights. */
export interface MlcReferenceCase {
  messages: ChatMessage[];
  prompt_ids: number[];
  greedy: number[];
  greedy_text: string;
  penalized_text: string;
  penalized_with_prompt_text: string;
}

export interface MlcReference {
  max_new_tokens: number;
  repetition_penalty: number;
  cases: MlcReferenceCase[];
}

export async function mlcReference(twin: string, quantization: string): Promise<MlcReference> {
  return (await fetch(`${mlcBuildUrl(twin, quantization)}reference.json`)).json();
}

/** The stop tokens of ChatML twins: <|endoftext|> and <|im_end|>. */
const STOP_IDS = new Set([0, 2]);

/** Greedy ids from prompt ids through web-llm's token-level API (temperature 0 is set on the engine). */
export async function greedyIds(engine: MLCEngine, promptIds: number[], maxNewTokens: number): Promise<number[]> {
  await engine.resetChat();
  const ids: number[] = [];
  let token = await engine.forwardTokensAndSample(promptIds, true);
  while (!STOP_IDS.has(token) && ids.length < maxNewTokens) {
    ids.push(token);
    if (ids.length < maxNewTokens) token = await engine.forwardTokensAndSample([token], false);
  }
  return ids;
}
