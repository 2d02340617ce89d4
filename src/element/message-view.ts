import { html, nothing, type TemplateResult } from 'lit';
import type { MessageRole } from './events.js';

/** One bubble in the log. `text` is always plain text: Lit renders it as a text node, never as HTML. */
export interface LogEntry {
  id: number;
  role: MessageRole;
  text: string;
  /** True while the reply is still arriving. */
  streaming: boolean;
  /** The slot that shows this reply's card, once one is being placed. */
  cardSlot?: string;
}

/**
 * A message bubble. The speaker is spelled out for screen readers, which otherwise could not tell the two
 * columns apart; the card is a named slot so the page's light-DOM element (and the page's CSS) shows inside it.
 */
export function renderMessage(entry: LogEntry, twinName: string): TemplateResult {
  const streaming = entry.streaming ? ' streaming' : '';
  return html`<div part="message ${entry.role}" class="message ${entry.role}${streaming}">
    <span class="visually-hidden">${entry.role === 'user' ? 'You:' : `${twinName}:`}</span>
    <p class="text">${entry.text}</p>
    ${entry.cardSlot
      ? html`<div part="card" class="card"><slot name=${entry.cardSlot}></slot></div>`
      : nothing}
  </div>`;
}
