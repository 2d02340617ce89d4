import { expect } from '@open-wc/testing';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { loadMicroTwin } from './micro-twin.js';
import type { SuiteContext } from './model-helpers.js';

interface ReferenceCase {
  messages: ChatMessage[];
  /** PyTorch fp32 greedy ids. */
  torch: number[];
  /** Greedy ids per build, from ONNX Runtime on the CPU, one token a pass. */
  expected: Record<'fp32' | 'q8', number[]>;
}

/**
 * On WASM, greedy replies check drafts looked up in the twin's notes and in the conversation (draft-lookup.ts):
 * the micro twin recites its notes, so most of its tokens come several to a forward pass, and the ids are still
 * exactly the ones decoded a token at a time (models/ada-twin/reference.json): PyTorch's for fp32, and native ONNX
 * Runtime's for q8, whose per-token activation scales keep each position's int8 range its own.
 */
describe('draft decoding on WASM', function (this: SuiteContext) {
  this.timeout(120000);

  for (const dtype of ['fp32', 'q8'] as const) {
    it(`decodes the reference prompts in ${dtype} to the token-at-a-time ids, in fewer forward passes than tokens`, async () => {
      const [reference, manifest] = await Promise.all(
        ['/models/ada-twin/reference.json', '/models/ada-twin/twin.json'].map(async (url) => (await fetch(url)).json()),
      );
      const draftNotes = (manifest.knowledge as { a: string }[]).map((entry) => entry.a);
      const model = await loadMicroTwin('wasm', dtype, { draftNotes });
      const sampling = { temperature: 0, top_p: 1, repetition_penalty: 1, max_new_tokens: reference.max_new_tokens };
      let tokens = 0;
      let passes = 0;
      for (const { messages, torch, expected } of reference.cases as ReferenceCase[]) {
        model.reset();
        const reply = await model.generate({ messages, sampling }, () => undefined);
        expect(reply.tokens, JSON.stringify(messages.at(-1))).to.deep.equal(dtype === 'fp32' ? torch : expected.q8);
        tokens += reply.tokens.length;
        passes += reply.decodeSteps;
      }
      await model.unload();
      console.log(
        `[drafts] ${dtype}: ${tokens} reference tokens decoded in ${passes} forward passes after the prompts'`,
      );
      expect(passes).to.be.lessThan(tokens / 2);
    });
  }
});
