import { expect } from '@open-wc/testing';
import { crashEngineWorkers } from '../support/workers.js';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { PromptTooLongError } from '../../src/generation/context-fit.js';
import { MAX_INPUT_CHARS } from '../../src/conversation/limits.js';
import type { TransformersModel } from '../../src/worker/transformers-model.js';
import { input, messageTexts, noticeTexts } from '../element/helpers.js';
import { loadMicroTwin } from './micro-twin.js';
import { askModel, modelChat, modelReady, type SuiteContext } from './model-helpers.js';

const sampling = { temperature: 0, top_p: 1, repetition_penalty: 1.1, max_new_tokens: 24 };
/** Emoji cost the micro twin's byte-level tokenizer several tokens each: a message well under the character cap. */
const EMOJI = '🦀🎻📚';

function microTwin(contextWindow?: number): Promise<TransformersModel> {
  return loadMicroTwin('wasm', 'q8', contextWindow ? { contextWindow } : {});
}

/** A conversation whose every exchange is long in tokens and short in characters. */
function longConversation(exchanges: number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: 'You are a twin.' }];
  for (let n = 0; n < exchanges; n++) {
    messages.push(
      { role: 'user', content: `${n}: ${EMOJI.repeat(5)}` },
      { role: 'assistant', content: EMOJI.repeat(5) },
    );
  }
  messages.push({ role: 'user', content: 'Where do you live?' });
  return messages;
}

describe('the prompt always fits the context window, counted in real tokens', function (this: SuiteContext) {
  this.timeout(120000);

  it('drops the oldest exchanges until prompt and reply fit; without a window nothing is dropped', async () => {
    const windowed = await microTwin(600);
    const unbounded = await microTwin();
    try {
      const messages = longConversation(12);
      const fitted = await windowed.generate({ messages, sampling }, () => undefined);
      const whole = await unbounded.generate({ messages, sampling }, () => undefined);
      expect(whole.prefilled).to.be.greaterThan(600);
      expect(fitted.prefilled).to.be.at.most(600 - sampling.max_new_tokens);
      // The newest exchanges stay: only as many old ones go as must.
      expect(fitted.prefilled).to.be.greaterThan(600 / 2);
    } finally {
      await windowed.unload();
      await unbounded.unload();
    }
  });

  it('refuses a question too long to fit even alone', async () => {
    const model = await microTwin(400);
    try {
      const messages: ChatMessage[] = [
        { role: 'system', content: 'You are a twin.' },
        { role: 'user', content: EMOJI.repeat(200) },
      ];
      const error = await model
        .generate({ messages, sampling }, () => undefined)
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
      expect(error).to.be.instanceOf(PromptTooLongError);
    } finally {
      await model.unload();
    }
  });

  it('in the chat: says the message is too long, puts it back in the box, keeps the model, answers the next one', async () => {
    const { el, engines } = await modelChat({ engine: 'wasm' });
    try {
      await modelReady(el, engines);
      // Under the character cap, over Ada's 2048-token window.
      const question = EMOJI.repeat(Math.floor(MAX_INPUT_CHARS / EMOJI.length));
      await askModel(el, question);
      expect(noticeTexts(el).join(' ')).to.contain('too long for this twin');
      expect(input(el).value).to.equal(question);
      expect(messageTexts(el)).to.include(question);
      expect(engines.map((engine) => engine.engine)).to.deep.equal(['transformers']);
      input(el).value = '';
      const answer = await askModel(el, 'Where do you live?');
      expect(answer.length).to.be.greaterThan(0);
    } finally {
      crashEngineWorkers();
    }
  });
});
