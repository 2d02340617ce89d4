import { expect } from '@open-wc/testing';
import { expectTorchParity } from './parity.js';
import type { SuiteContext } from './model-helpers.js';

describe('fp32 parity with PyTorch on WASM', function (this: SuiteContext) {
  this.timeout(120000);

  it('decodes the reference prompts greedily to exactly the PyTorch ids', async () => {
    expect(await expectTorchParity('wasm')).to.be.greaterThan(0);
  });
});
