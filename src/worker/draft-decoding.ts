import type { DynamicCache, PreTrainedModel } from '@huggingface/transformers';
import type { FinishReason } from '../generation/reply.js';
import { DraftBudget, type DraftLookup } from './draft-lookup.js';
import { penaliseGenerated } from './generated-only-penalty.js';
import { forwardPass } from './forward-pass.js';
import { cropCache } from './kv-reuse.js';

/**
 * Greedy decoding that checks looked-up draft tokens (draft-lookup.ts) in the same forward pass as the token
 * before them, and keeps each draft only where it is the token greedy decoding picks there.
 *
 * Why it pays on WASM: ORT-web's int8 matmul has no pre-packed weights there, so every forward pass first widens
 * all 135 MB of weights to 16 bits, whatever the number of tokens. One token costs about 30 ms on one thread and
 * five tokens about 36 ms (bench/ort-raw.mjs), so every accepted draft is a token for almost nothing.
 */

export interface DraftDecodeOptions {
  promptIds: readonly number[];
  /** A cache holding the prompt's first positions (the previous reply's, see kv-reuse.ts), or none. */
  past: DynamicCache | undefined;
  maxNewTokens: number;
  /** Stop tokens are suppressed until this many tokens are out. */
  minNewTokens: number;
  stopIds: readonly number[];
  repetitionPenalty: number;
  drafts: DraftLookup;
  interrupted(): boolean;
  /** Each token of the reply as it is decided, stop token excluded. */
  onToken(id: number): void;
}

export interface DraftDecodeResult {
  /** The reply's ids, stop token excluded. */
  tokens: number[];
  finish: FinishReason;
  /** The cache after the reply, and the ids it holds (prompt and reply, less the last token decided). */
  cache: DynamicCache;
  cachedIds: number[];
  /** Forward passes after the prompt's: fewer than the tokens when drafts were kept. */
  decodeSteps: number;
}

export async function decodeWithDrafts(
  model: PreTrainedModel,
  options: DraftDecodeOptions,
): Promise<DraftDecodeResult> {
  const { promptIds, maxNewTokens, stopIds, drafts } = options;
  const sequence = [...promptIds];
  const tokens: number[] = [];
  let cache = options.past;
  let pending = promptIds.slice(cache?.get_seq_length() ?? 0);
  let draft: number[] = [];
  const budget = new DraftBudget(drafts.perPass);
  let decodeSteps = -1;
  let finish: FinishReason | undefined;
  while (!finish) {
    if (options.interrupted()) {
      finish = 'aborted';
      break;
    }
    const cachedBefore = cache?.get_seq_length() ?? 0;
    const pass = await forwardPass(model, [...pending, ...draft], cache, draft.length + 1);
    decodeSteps++;
    let kept = 0;
    for (const logits of pass.rows) {
      const token = pickGreedy(logits, sequence, options);
      sequence.push(token);
      if (stopIds.includes(token)) finish = 'stop';
      else {
        tokens.push(token);
        options.onToken(token);
        if (tokens.length >= maxNewTokens) finish = 'length';
      }
      if (finish || token !== draft[kept]) break;
      kept++;
    }
    budget.update(draft.length, kept);
    // Positions fed after the first wrong draft hold keys for tokens the reply does not have.
    const valid = cachedBefore + pending.length + kept;
    cache = valid < pass.cache.get_seq_length() ? cropCache(pass.cache, valid) : pass.cache;
    pending = [sequence.at(-1)!];
    draft = finish ? [] : drafts.propose(sequence, Math.min(budget.size, maxNewTokens - tokens.length - 1));
  }
  return {
    tokens,
    finish,
    cache: cache!,
    cachedIds: sequence.slice(0, cache!.get_seq_length()),
    decodeSteps: Math.max(decodeSteps, 0),
  };
}

/** The greedy pick at one position: our repetition penalty, stop tokens held back until `minNewTokens`. */
function pickGreedy(logits: Float32Array, sequence: readonly number[], options: DraftDecodeOptions): number {
  penaliseGenerated(logits, sequence, options.promptIds.length, options.repetitionPenalty);
  if (sequence.length - options.promptIds.length < options.minNewTokens) {
    for (const id of options.stopIds) logits[id] = -Infinity;
  }
  let best = 0;
  for (let id = 1; id < logits.length; id++) if (logits[id]! > logits[best]!) best = id;
  return best;
}
