import { DynamicCache, Tensor } from '@huggingface/transformers';

/**
 * The KV cache a reply leaves behind and the token ids it holds: the prompt and the reply, less the last token
 * (sampled, never fed). The next prompt is re-rendered from the whole history (src/generation/chat-ml.ts), so
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
  // WebGPU keeps the cache in GPU buffers, which cannot be cut here; that path then prefills in full.
  return isOnCpu(held.entries) ? cropCache(held.entries, keep) : undefined;
}

export function isOnCpu(cache: DynamicCache): boolean {
  return Object.values(cache as Record<string, Tensor>).every((tensor) => tensor.location === 'cpu');
}

/**
 * The cache's first `keep` positions, as a new cache (CPU entries only). Entries are [batch 1, kv heads, length,
 * head dim], so each head's kept part is one contiguous run: copied with `set`, which is many times faster than
 * Tensor.slice's element-by-element copy. Draft decoding cuts the cache after most forward passes.
 */
export function cropCache(cache: DynamicCache, keep: number): DynamicCache {
  const entries = Object.entries(cache as Record<string, Tensor>).map(([name, tensor]) => {
    const [batch, heads, length, width] = tensor.dims as [number, number, number, number];
    const source = tensor.data as Float32Array;
    const kept = new (source.constructor as Float32ArrayConstructor)(batch * heads * keep * width);
    for (let head = 0; head < batch * heads; head++) {
      kept.set(source.subarray(head * length * width, (head * length + keep) * width), head * keep * width);
    }
    return [name, new Tensor(tensor.type, kept, [batch, heads, keep, width])] as const;
  });
  return new DynamicCache(Object.fromEntries(entries));
}
