import { expect } from '@open-wc/testing';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import fc from 'fast-check';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { fitToContext, PromptTooLongError } from '../../src/generation/context-fit.js';
import { buildPromptMessages } from '../../src/conversation/history.js';
import { MAX_INPUT_CHARS } from '../../src/conversation/limits.js';
import type { TwinManifest } from '../../src/models/manifest.js';
import { countPromptTokens, promptTokens } from '../../src/worker/transformers-model.js';
import type { SuiteContext } from '../engines/model-helpers.js';
import { FUZZ, payloads, question, reportCases, RUNS } from './arbitraries.js';

const json = async (path: string) => (await fetch(path)).json();

describe('fuzz: the prompt never exceeds the context window (the micro twin’s real tokenizer)', function (this: SuiteContext) {
  this.timeout(400000);

  it(`fits ${RUNS} hostile conversations into Ada's window, or refuses the question alone`, async () => {
    const manifest = (await json('/models/ada-twin/twin.json')) as TwinManifest;
    const tokenizer = new PreTrainedTokenizer(
      await json('/models/ada-twin/tokenizer.json'),
      await json('/models/ada-twin/tokenizer_config.json'),
    );
    // The worker's count (message by message) fits the prompt; the whole prompt, tokenized at once, checks it.
    const count = (messages: readonly ChatMessage[]) => countPromptTokens(tokenizer, messages);
    const byMessage = promptTokens(tokenizer);
    const budget = manifest.context_window - manifest.sampling.max_new_tokens;
    // Token-dense text (emoji, CJK, payloads), kept short enough that 10,000 conversations tokenize in reasonable time.
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 120 }),
      fc.constantFrom(...payloads),
      fc
        .tuple(fc.constantFrom('🦀', '語', 'é', 'word '), fc.integer({ min: 1, max: 400 }))
        .map(([piece, times]) => piece.repeat(times)),
    );
    const exchange = fc.tuple(text, text).map(([asked, answered]): ChatMessage[] => [
      { role: 'user', content: asked },
      { role: 'assistant', content: answered },
    ]);
    let cases = 0;
    const reached = { cut: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(exchange, { maxLength: 12 }), fc.oneof(question, text), (exchanges, asked) => {
        cases++;
        const history = exchanges.flat();
        // The element refuses longer input before it reaches the worker.
        const messages = buildPromptMessages(manifest.system, history, asked.slice(0, MAX_INPUT_CHARS));
        try {
          const prompt = fitToContext(messages, byMessage, manifest.context_window, manifest.sampling.max_new_tokens);
          expect(count(prompt), 'prompt tokens').to.be.at.most(budget);
          // Only the oldest history goes; the system prompt and the question always stay.
          expect(prompt[0]).to.equal(messages[0]);
          expect(prompt.at(-1)).to.equal(messages.at(-1));
          expect(messages.slice(messages.length - prompt.length + 1, -1)).to.deep.equal(prompt.slice(1, -1));
          if (prompt.length < messages.length) reached.cut++;
        } catch (error) {
          reached.refused++;
          expect(error).to.be.instanceOf(PromptTooLongError);
          expect(
            count([messages[0]!, messages.at(-1)!]),
            'refused only when the question alone does not fit',
          ).to.be.greaterThan(budget);
        }
      }),
      FUZZ,
    );
    reportCases('context fit (fitToContext with the real tokenizer)', cases, {
      'a prompt cut to fit': { count: reached.cut, atLeast: 0.2 },
      'a question refused': { count: reached.refused, atLeast: 0.02 },
    });
  });
});
