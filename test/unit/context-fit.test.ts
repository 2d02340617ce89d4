import { expect } from '@open-wc/testing';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { fitToContext, PromptTooLongError, type PromptTokens } from '../../src/generation/context-fit.js';

/** A stand-in tokenizer for the logic alone: one token per character (the browser tests use the real one). */
const perCharacter: PromptTokens = { message: (message) => message.content.length, tail: 1 };
const length = (messages: readonly ChatMessage[]) =>
  messages.reduce((sum, message) => sum + message.content.length, 0) + 1;

const system: ChatMessage = { role: 'system', content: 'sys' };
const exchange = (n: number): ChatMessage[] => [
  { role: 'user', content: `question ${n}` },
  { role: 'assistant', content: `answer ${n}` },
];
const question: ChatMessage = { role: 'user', content: 'now?' };

describe('fitToContext', () => {
  it('keeps a prompt that fits as it is', () => {
    const messages = [system, ...exchange(1), question];
    expect(fitToContext(messages, perCharacter, 100, 10)).to.deep.equal(messages);
  });

  it('drops the oldest exchanges, question and answer together, until the reply has room', () => {
    const messages = [system, ...exchange(1), ...exchange(2), ...exchange(3), question];
    // 3 + 3 × (10 + 8) + 4 + 1 = 62 tokens; room for 40 leaves the last exchange only.
    const fitted = fitToContext(messages, perCharacter, 50, 10);
    expect(fitted).to.deep.equal([system, ...exchange(3), question]);
    expect(length(fitted)).to.be.at.most(40);
  });

  it('refuses, with a clear message, a question that does not fit even alone', () => {
    const long: ChatMessage = { role: 'user', content: 'x'.repeat(60) };
    expect(() => fitToContext([system, ...exchange(1), long], perCharacter, 50, 10))
      .to.throw(PromptTooLongError)
      .with.property('message')
      .that.contains('64 tokens');
  });
});
