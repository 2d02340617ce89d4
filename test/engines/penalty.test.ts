import { expect } from '@open-wc/testing';
import { penaliseGenerated } from '../../src/worker/generated-only-penalty.js';

describe('the generated-only repetition penalty', () => {
  // Token 5 is "Ada": in the system prompt, and the most likely next token.
  const prompt = [1, 5, 7, 2];

  it('leaves tokens that appear only in the prompt alone, so a name from the system prompt can still win', () => {
    const logits = new Float32Array([0, 0, 0, 0, 0, 4, 0, 3, 0]);
    penaliseGenerated(logits, [...prompt, 8], prompt.length, 2);
    expect(logits[5]).to.equal(4);
    expect(logits[7]).to.equal(3);
    expect(logits.indexOf(Math.max(...logits))).to.equal(5);
  });

  it('penalises tokens the reply already generated, once each, in both directions', () => {
    const logits = new Float32Array([0, 0, 0, 0, 0, 4, -2, 0, 6]);
    penaliseGenerated(logits, [...prompt, 8, 6, 8], prompt.length, 2);
    expect([...logits]).to.deep.equal([0, 0, 0, 0, 0, 4, -4, 0, 3]);
  });

  it('does nothing at penalty 1', () => {
    const logits = new Float32Array([1, 2, 3]);
    penaliseGenerated(logits, [0, 1, 2], 1, 1);
    expect([...logits]).to.deep.equal([1, 2, 3]);
  });
});
