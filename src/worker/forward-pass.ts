import { DynamicCache, Tensor, type PreTrainedModel } from '@huggingface/transformers';

/**
 * One forward pass of a causal LM through transformers.js, outside generate(): runs `ids` after the cache, and
 * returns the logits of the last `rows` positions (what draft checking reads) and the extended cache.
 */
export async function forwardPass(
  model: PreTrainedModel,
  ids: readonly number[],
  cache: DynamicCache | undefined,
  rows: number,
): Promise<{ rows: Float32Array[]; cache: DynamicCache }> {
  const length = (cache?.get_seq_length() ?? 0) + ids.length;
  const outputs = (await model.forward({
    input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    attention_mask: new Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]),
    past_key_values: cache,
    // Builds exported without this input return logits for every position; the last `rows` are read either way.
    num_logits_to_keep: new Tensor('int64', [BigInt(rows)], []),
  })) as Record<string, Tensor>;
  const { logits } = outputs;
  const [, positions, vocab] = logits!.dims as [number, number, number];
  const data = logits!.data as Float32Array;
  const last = Array.from({ length: rows }, (_, row) =>
    data.subarray((positions - rows + row) * vocab, (positions - rows + row + 1) * vocab),
  );
  const entries = Object.entries(outputs)
    .filter(([name]) => name.startsWith('present'))
    .map(([name, tensor]) => [name.replace('present', 'past_key_values'), tensor] as const);
  return { rows: last, cache: new DynamicCache(Object.fromEntries(entries)) };
}
