import { DynamicCache, type Tensor } from '@huggingface/transformers';

/**
 * The KV cache a reply leaves behind and the token ids it holds: the prompt and the reply, less the last token
 * (sampled, never fed). The next prompt is re-rendered from the whole history (src/conversation/prompt.ts), so
 * it repeats those ids as long as the history still starts the same way.
 */
export interface HeldCache {
  ids: readonly number[];
  entries: DynamicCache;
}

export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const limit = Math.min(a.length, b.length);
  let n = 0;
  while (n < limit && a[n] === b[n]) n++;
  return n;
}

/**
 * The part of `held` that `promptIds` starts with, as a cache transformers.js can continue from, or undefined
 * when nothing is shared (a new chat, a different system prompt) or the entries cannot be cut. Keys at position
 * p depend only on tokens up to p, so a shared prefix's entries are what a full prefill would compute. One
 * prompt token is always left to run: generation needs the logits of the prompt's last position.
 */
export function reusablePrefix(held: HeldCache | undefined, promptIds: readonly number[]): DynamicCache | undefined {
  if (!held) return undefined;
  const keep = Math.min(commonPrefixLength(held.ids, promptIds), promptIds.length - 1);
  if (keep <= 0) return undefined;
  if (keep === held.ids.length) return held.entries;
  const entries: [string, Tensor][] = Object.entries(held.entries);
  // WebGPU keeps the cache in GPU buffers, which cannot be cut here; that path then prefills in full.
  if (entries.some(([, tensor]) => tensor.location !== 'cpu')) return undefined;
  // Entries are [batch, kv heads, length, head dim]: keep the first `keep` positions.
  return new DynamicCache(Object.fromEntries(entries.map(([name, tensor]) => [name, tensor.slice(null, null, [0, keep], null)])));
}
