import type { KnownAnswer } from '../models/manifest.js';

/** One top log-probability as web-llm reports it: the token's text, not its id. */
export interface ObservedLogprob {
  token: string;
  logprob: number;
}

/**
 * Why a GPU's first-step top log-probabilities are not the known answer, or undefined when they are. Tokens are
 * matched by text. Each token in both lists must be within the tolerance; a token in only one list is fine only
 * near the other list's cut-off (a correct GPU may order the fifth and sixth differently), so a GPU that puts
 * other tokens on top, or none at all, fails.
 */
export function knownAnswerMismatch(expected: KnownAnswer, observed: readonly ObservedLogprob[]): string | undefined {
  const { top_logprobs: known, tolerance } = expected;
  if (observed.length === 0) return 'it returned no log-probabilities';
  const seen = new Map(observed.map(({ token, logprob }) => [token, logprob]));
  const knownByToken = new Map(known.map(({ token, logprob }) => [token, logprob]));
  const cutOff = (list: readonly { logprob: number }[]) => Math.min(...list.map(({ logprob }) => logprob)) + tolerance;
  for (const { token, logprob } of known) {
    const got = seen.get(token);
    if (got === undefined ? logprob > cutOff(observed) : Math.abs(got - logprob) > tolerance) {
      return `${JSON.stringify(token)}: log-probability ${got?.toFixed(3) ?? 'not in its top ' + observed.length}, expected ${logprob.toFixed(3)}`;
    }
  }
  const intruder = observed.find(({ token, logprob }) => !knownByToken.has(token) && logprob > cutOff(known));
  return (
    intruder &&
    `${JSON.stringify(intruder.token)} came out at log-probability ${intruder.logprob.toFixed(3)}, but is not among the expected tokens`
  );
}
