import { expect } from '@open-wc/testing';
import type { KnownAnswer } from '../../src/models/manifest.js';
import { knownAnswerMismatch } from '../../src/worker/known-answer.js';

const known: KnownAnswer = {
  question: 'hi',
  tolerance: 0.05,
  top_logprobs: [
    { token: 'Hi', id: 1, logprob: -0.01 },
    { token: 'Hello', id: 2, logprob: -5 },
    { token: 'Hey', id: 3, logprob: -7 },
    { token: 'Bye', id: 4, logprob: -9 },
    { token: 'You', id: 5, logprob: -9.02 },
  ],
};
const observed = () => known.top_logprobs.map(({ token, logprob }) => ({ token, logprob }));

describe('knownAnswerMismatch', () => {
  it('accepts a GPU within the tolerance, and the last two of five in either order', () => {
    const close = observed().map(({ token, logprob }) => ({ token, logprob: logprob + 0.03 }));
    expect(knownAnswerMismatch(known, close)).to.equal(undefined);
    expect(knownAnswerMismatch(known, [...close.slice(0, 3), close[4]!, close[3]!])).to.equal(undefined);
  });

  it('accepts a near-tie at the cut-off trading places with a token just outside it', () => {
    const swapped = [...observed().slice(0, 4), { token: 'Yo', logprob: -9.03 }];
    expect(knownAnswerMismatch(known, swapped)).to.equal(undefined);
  });

  it('refuses a log-probability off by more than the tolerance', () => {
    const off = observed().map((entry, i) => (i === 1 ? { ...entry, logprob: -4.8 } : entry));
    expect(knownAnswerMismatch(known, off)).to.equal('"Hello": log-probability -4.800, expected -5.000');
  });

  it('refuses a distribution with other tokens on top, and an empty one', () => {
    const garbage = [{ token: 'zz', logprob: -0.2 }, ...observed().slice(1)];
    expect(knownAnswerMismatch(known, garbage)).to.match(/^"Hi": log-probability not in its top 5, expected -0\.010$/);
    expect(knownAnswerMismatch(known, [])).to.equal('it returned no log-probabilities');
  });

  it('refuses an unexpected token high in the list even when every known one is present', () => {
    const intruder = [...observed().slice(0, 3), { token: 'Oi', logprob: -6 }, ...observed().slice(3)];
    expect(knownAnswerMismatch(known, intruder)).to.equal(
      '"Oi" came out at log-probability -6.000, but is not among the expected tokens',
    );
  });
});
