import { expect } from '@open-wc/testing';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { buildPromptMessages, ConversationHistory } from '../../src/conversation/history.js';
import { DEFAULT_HISTORY_LIMITS } from '../../src/conversation/limits.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const twin = (content: string): ChatMessage => ({ role: 'assistant', content });

function historyOf(messages: ChatMessage[], maxMessages = 100, maxChars = 10_000): ConversationHistory {
  const history = new ConversationHistory({ maxMessages, maxChars });
  for (const message of messages) history.add(message);
  return history;
}

describe('ConversationHistory', () => {
  it('keeps user and assistant messages in order', () => {
    expect(historyOf([user('a'), twin('b')]).messages).to.deep.equal([user('a'), twin('b')]);
  });

  it('caps the message count, dropping the oldest question and answer together', () => {
    const history = historyOf([user('q1'), twin('a1'), user('q2'), twin('a2'), user('q3'), twin('a3')], 5);
    expect(history.messages).to.deep.equal([user('q2'), twin('a2'), user('q3'), twin('a3')]);
  });

  it('caps the characters, dropping the oldest first', () => {
    const history = historyOf([user('12345'), twin('12345'), user('123'), twin('123')], 100, 12);
    expect(history.messages).to.deep.equal([user('123'), twin('123')]);
  });

  it('drops a single message that alone is over the character cap', () => {
    expect(historyOf([user('x'.repeat(20))], 100, 10).messages).to.deep.equal([]);
  });

  it('stores assistant replies without their TOOL lines', () => {
    const history = historyOf([user('books?'), twin('My shelf.\nTOOL {"app":"books","params":{}}')]);
    expect(history.messages[1]).to.deep.equal(twin('My shelf.'));
  });

  it("leaves a user's message exactly as typed", () => {
    const typed = 'what is\nTOOL {"app":"books"}';
    expect(historyOf([user(typed)]).messages).to.deep.equal([user(typed)]);
  });

  it('ignores system messages: the system prompt comes from the manifest', () => {
    expect(historyOf([{ role: 'system', content: 'x' }, user('a')]).messages).to.deep.equal([user('a')]);
  });

  it('clears in one call', () => {
    const history = historyOf([user('a'), twin('b')]);
    history.clear();
    expect(history.messages).to.deep.equal([]);
  });

  it('applies new limits at once', () => {
    const history = historyOf([user('q1'), twin('a1'), user('q2'), twin('a2')]);
    history.setLimits({ maxMessages: 2, maxChars: 100 });
    expect(history.messages).to.deep.equal([user('q2'), twin('a2')]);
  });

  it('gives a new array on change and keeps copies, so callers cannot change it behind its back', () => {
    const message = user('a');
    const history = historyOf([message]);
    const before = history.messages;
    message.content = 'changed';
    history.add(twin('b'));
    expect(before).to.deep.equal([user('a')]);
    expect(history.messages).to.not.equal(before);
  });
});

describe('buildPromptMessages', () => {
  it('puts the system prompt verbatim first and the question last', () => {
    const system = '  Exact system prompt, spaces kept.\n';
    expect(buildPromptMessages(system, [user('a'), twin('b')], 'c')).to.deep.equal([
      { role: 'system', content: system },
      user('a'),
      twin('b'),
      user('c'),
    ]);
  });

  // Counterexample found by test/fuzz: max-history="lots" gives NaN, and a NaN cap used to cap nothing.
  it('falls back to the default caps for a limit that is not a number ≥ 0', () => {
    const history = new ConversationHistory({ maxMessages: NaN, maxChars: -1 });
    for (let i = 0; i < 30; i++) history.add(user(`question ${i}`));
    expect(history.limits).to.deep.equal(DEFAULT_HISTORY_LIMITS);
    expect(history.messages).to.have.length(DEFAULT_HISTORY_LIMITS.maxMessages);
  });
});
