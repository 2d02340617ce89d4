import { html, nothing, type TemplateResult } from 'lit';
import type { Grounding } from '../honesty/grounding.js';
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
  /** A finished twin message's grounding in the person's notes, worked out once when it finished. */
  provenance?: Grounding;
}

/**
 * A message bubble. The speaker is spelled out for screen readers, which otherwise could not tell the two
 * columns apart; the marker (a twin message's provenance) follows the text it describes; the card is a named
 * slot so the page's light-DOM element (and the page's CSS) shows inside it.
 */
export function renderMessage(
  entry: LogEntry,
  twinName: string,
  marker: TemplateResult | typeof nothing = nothing,
): TemplateResult {
  const streaming = entry.streaming ? ' streaming' : '';
  return html`<div part="message ${entry.role}" class="message ${entry.role}${streaming}">
    <span class="visually-hidden">${entry.role === 'user' ? 'You:' : `${twinName}:`}</span>
    <p class="text">${entry.text}</p>
    ${marker}
    ${entry.cardSlot
      ? html`<div part="card" class="card"><slot name=${entry.cardSlot}></slot></div>`
      : nothing}
  </div>`;
}
