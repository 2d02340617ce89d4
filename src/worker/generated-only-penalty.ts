/**
 * The repetition penalty, counting only the tokens the model generated in this reply.
 * transformers.js's built-in RepetitionPenaltyLogitsProcessor penalises every id in the sequence, prompt
 * included, so a twin would be pushed away from the very names and words its system prompt and the visitor's
 * question contain ("Ada", the project the visitor asked about). This is the CTRL-style rule HF uses (divide a
 * positive logit, multiply a negative one), applied to the ids after `promptLength`.
 */
export function penaliseGenerated(
  logits: Float32Array,
  ids: readonly (bigint | number)[],
  promptLength: number,
  penalty: number,
): void {
  if (penalty === 1) return;
  const seen = new Set<number>();
  for (let i = promptLength; i < ids.length; i++) seen.add(Number(ids[i]));
  for (const token of seen) {
    const logit = logits[token]!;
    logits[token] = logit < 0 ? logit * penalty : logit / penalty;
  }
}
