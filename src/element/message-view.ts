import { html, nothing, type TemplateResult } from 'lit';
import type { LogEntry } from '../conversation/log-entry.js';
import { fill, type Labels } from './labels.js';

/**
 * A message bubble. The speaker is spelled out for screen readers, which otherwise could not tell the two
 * columns apart; the marker (a twin message's provenance) follows the text it describes; the card is a named
 * slot so the page's light-DOM element (and the page's CSS) shows inside it.
 */
export function renderMessage(
  entry: LogEntry,
  twinName: string,
  marker: TemplateResult | typeof nothing,
  labels: Labels,
): TemplateResult {
  const streaming = entry.streaming ? ' streaming' : '';
  return html`<div part="message ${entry.role}" class="message ${entry.role}${streaming}">
    <span class="visually-hidden">${entry.role === 'user' ? labels.you : fill(labels.twinSpeaker, { person: twinName })}</span>
    ${entry.waiting ? html`<p part="waiting" class="status">${labels.waiting}</p>` : nothing}
    <p class="text" dir="auto">${entry.text}</p>
    ${entry.standIn ? html`<p part="stand-in" class="status">${labels.standIn}</p>` : nothing}
    ${marker}
    ${entry.cardSlot ? html`<div part="card" class="card"><slot name=${entry.cardSlot}></slot></div>` : nothing}
  </div>`;
}
