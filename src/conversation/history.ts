import type { ChatMessage } from '../generation/chat-message.js';
import { stripToolLines } from '../tools/tool-line.js';
import { DEFAULT_HISTORY_LIMITS } from './limits.js';

/**
 * The conversation so far, in memory only (it disappears with the tab), capped so the prompt always fits a
 * small model's context window and stays fast to prefill.
 */

export interface HistoryLimits {
  /** Most messages kept (a question and its answer are two). */
  maxMessages: number;
  /** Most characters kept, over all kept messages' content. */
  maxChars: number;
}

export class ConversationHistory {
  #limits: HistoryLimits;
  #messages: readonly ChatMessage[] = [];

  constructor(limits: HistoryLimits) {
    this.#limits = usableLimits(limits);
  }

  /** The caps in force: the ones given, each replaced by its default where it is not a number ≥ 0. */
  get limits(): HistoryLimits {
    return { ...this.#limits };
  }

  /**
   * Replaced, never mutated, on every change, so a holder of an old array keeps a stable snapshot and a new
   * identity tells a renderer that something changed.
   */
  get messages(): readonly ChatMessage[] {
    return this.#messages;
  }

  /**
   * Keeps a copy of a user or assistant message. Assistant content is kept without its TOOL lines: the prompt
   * must not replay a call. System messages are ignored; the system prompt always comes from the
   * manifest.
   */
  add(message: ChatMessage): void {
    if (message.role === 'system') return;
    const content = message.role === 'assistant' ? stripToolLines(message.content) : message.content;
    this.#messages = [...this.#messages, { role: message.role, content }];
    this.#trim();
  }

  clear(): void {
    this.#messages = [];
  }

  setLimits(limits: HistoryLimits): void {
    this.#limits = usableLimits(limits);
    this.#trim();
  }

  /** Drops the oldest messages until both caps hold; a question goes together with the answer after it. */
  #trim(): void {
    const messages = [...this.#messages];
    const { maxMessages, maxChars } = this.#limits;
    let chars = messages.reduce((sum, message) => sum + message.content.length, 0);
    while (messages.length > 0 && (messages.length > maxMessages || chars > maxChars)) {
      const pair = messages[0]?.role === 'user' && messages[1]?.role === 'assistant';
      for (const dropped of messages.splice(0, pair ? 2 : 1)) chars -= dropped.content.length;
    }
    this.#messages = messages;
  }
}

/** A typo in an attribute (NaN), a negative or an infinite cap falls back to the default rather than capping nothing. */
function usableLimits({ maxMessages, maxChars }: HistoryLimits): HistoryLimits {
  const usable = (value: number, fallback: number) => (Number.isFinite(value) && value >= 0 ? value : fallback);
  return {
    maxMessages: usable(maxMessages, DEFAULT_HISTORY_LIMITS.maxMessages),
    maxChars: usable(maxChars, DEFAULT_HISTORY_LIMITS.maxChars),
  };
}

/** The prompt conversation: the manifest's system prompt verbatim, the capped history, the new question last. */
export function buildPromptMessages(system: string, history: readonly ChatMessage[], question: string): ChatMessage[] {
  return [{ role: 'system', content: system }, ...history, { role: 'user', content: question }];
}
