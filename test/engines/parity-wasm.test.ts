import { expect } from '@open-wc/testing';
import { expectTorchParity, referenceReplies } from './parity.js';
import type { SuiteContext } from './model-helpers.js';

describe('fp32 parity with PyTorch on WASM', function (this: SuiteContext) {
  this.timeout(120000);

  it('decodes the reference prompts greedily to exactly the PyTorch ids', async () => {
    expect(await expectTorchParity('wasm')).to.be.greaterThan(0);
  });

  // Without this, the test above would pass whichever build was loaded for fp32.
  for (const dtype of ['q8', 'q4']) {
    it(`tells fp32 from ${dtype}: the quantization fixture's ${dtype} build decodes other ids than PyTorch`, async () => {
      const replies = await referenceReplies('/build/quantization-fixture/', 'wasm', dtype);
      const differing = replies.filter(({ got, torch }) => got.join() !== torch.join()).length;
      console.log(
        `[parity] quantization fixture, ${dtype}: ${differing} of ${replies.length} replies differ from PyTorch's`,
      );
      expect(differing).to.be.greaterThan(0);
    });
  }
});
