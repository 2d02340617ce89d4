import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { ConversationHistory, buildPromptMessages } from '../../src/conversation/history.js';
import { MAX_INPUT_CHARS } from '../../src/conversation/limits.js';
import { renderChatML } from '../../src/generation/chat-ml.js';
import { fixtureManifest } from '../unit/fixtures/twin-fixture.js';
import { FUZZ, RUNS, hostileText, reportCases } from './arbitraries.js';
import type { SuiteContext } from '../engines/model-helpers.js';

/** The ChatML around one message, `<|im_start|>role\n…<|im_end|>\n`, at its longest role name. */
const MESSAGE_MARKUP = '<|im_start|>assistant\n<|im_end|>\n'.length;
const GENERATION_PROMPT = '<|im_start|>assistant\n'.length;

/** A limit as the max-history attributes may give it: sensible, zero, huge, or not a number at all. */
const limit = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: 20000 }),
  fc.constantFrom(NaN, -1, Infinity, 2.5),
);

const turn = fc.record({
  role: fc.constantFrom('user' as const, 'assistant' as const, 'system' as const),
  content: hostileText,
});

describe('fuzz: the history cap and the prompt builder', function (this: SuiteContext) {
  // 10,000 cases each, some of them huge strings, on 2 shared cores.
  this.timeout(240000);

  it(`keeps ${RUNS} hostile conversations within their caps, and every prompt within its documented bound`, () => {
    let cases = 0;
    let capped = 0;
    fc.assert(
      fc.property(
        limit,
        limit,
        fc.array(turn, { maxLength: 30 }),
        fc.array(fc.tuple(limit, limit), { maxLength: 2 }),
        hostileText,
        (maxMessages, maxChars, turns, changes, question) => {
          cases++;
          const history = new ConversationHistory({ maxMessages, maxChars });
          const limits = { maxMessages, maxChars };
          turns.forEach((message, index) => {
            history.add(message);
            const change = changes[index];
            if (change) {
              [limits.maxMessages, limits.maxChars] = change;
              history.setLimits({ ...limits });
            }
          });
          const kept = history.messages;
          const caps = history.limits;
          expect(kept.length, 'messages kept').to.be.at.most(caps.maxMessages);
          expect(
            kept.reduce((sum, message) => sum + message.content.length, 0),
            'characters kept',
          ).to.be.at.most(caps.maxChars);
          expect(kept.some((message) => message.role === 'system')).to.equal(false);
          if (kept.length < turns.filter((message) => message.role !== 'system').length) capped++;

          // The element refuses longer input, so a prompt holds at most MAX_INPUT_CHARS of question.
          const asked = question.slice(0, MAX_INPUT_CHARS);
          const prompt = renderChatML(buildPromptMessages(fixtureManifest.system, kept, asked), true);
          const bound =
            fixtureManifest.system.length +
            caps.maxChars +
            asked.length +
            (kept.length + 2) * MESSAGE_MARKUP +
            GENERATION_PROMPT;
          expect(prompt.length, 'prompt characters').to.be.at.most(bound);
        },
      ),
      FUZZ,
    );
    reportCases('history cap and prompt builder (ConversationHistory, buildPromptMessages, renderChatML)', cases, {
      'a history cut by its caps': { count: capped, atLeast: 0.2 },
    });
  });
});
