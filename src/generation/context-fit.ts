import type { ChatMessage } from './chat-message.js';

/** Counts what one message adds to a prompt, and what the prompt's tail (the reply's opening) costs. */
export interface PromptTokens {
  message(message: ChatMessage): number;
  /** The generation prompt after the last message (`<|im_start|>assistant\n`). */
  tail: number;
}

/**
 * The prompt that fits: the history caps count characters, and a character can be anything from a quarter of a
 * token (English) to several tokens (emoji, CJK), so only the model's own tokenizer knows whether a prompt leaves
 * room for the reply in its context window. This drops the oldest exchanges (a question with its answer) until
 * the prompt's tokens plus the reply's `max_new_tokens` fit in `contextWindow`.
 *
 * A prompt's tokens are the sum of its messages' tokens: each message is wrapped in special tokens, which the
 * tokenizer splits on before anything else, so no token spans two messages. Each message is counted once.
 *
 * `messages` is [system, ...history, question], as `buildPromptMessages` makes it. Throws `PromptTooLongError`
 * when even the system prompt and the question alone do not fit: cutting the question would answer something
 * nobody asked.
 */
export function fitToContext(
  messages: readonly ChatMessage[],
  count: PromptTokens,
  contextWindow: number,
  maxNewTokens: number,
): ChatMessage[] {
  const budget = contextWindow - maxNewTokens;
  const [system, ...history] = messages;
  const question = history.pop();
  if (!system || !question) throw new Error('A prompt needs a system message and a question.');
  let tokens = count.message(system) + count.message(question) + count.tail;
  if (tokens > budget) throw promptTooLong(tokens, budget);
  // From the newest exchange back, keep whole exchanges while they fit.
  let first = history.length;
  while (first > 0) {
    const exchange = history[first - 2]?.role === 'user' && history[first - 1]?.role === 'assistant';
    const start = exchange ? first - 2 : first - 1;
    const cost = history.slice(start, first).reduce((sum, message) => sum + count.message(message), 0);
    if (tokens + cost > budget) break;
    tokens += cost;
    first = start;
  }
  return [system, ...history.slice(first), question];
}

/**
 * The visitor's message, not the engine, is at fault: a smaller engine would not read it either, so the chat
 * says so instead of stepping down. Crosses the worker boundary as its message (see the protocol's `code`).
 */
export class PromptTooLongError extends Error {
  override name = 'PromptTooLongError';
}

function promptTooLong(tokens: number, budget: number): PromptTooLongError {
  return new PromptTooLongError(
    `That message is too long for this twin: with its instructions it is ${tokens} tokens, and the model reads at ` +
      `most ${budget} before its reply. Please shorten it.`,
  );
}
