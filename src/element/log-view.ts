import { html, nothing, type TemplateResult } from 'lit';
import type { LogEntry } from '../conversation/log-entry.js';
import type { Labels } from './labels.js';
import { renderMessage } from './message-view.js';
import { renderSuggestions } from './suggestions.js';

export interface LogView {
  log: readonly LogEntry[];
  generating: boolean;
  twinName: string;
  marker(entry: LogEntry): TemplateResult | typeof nothing;
  /** The manifest's suggested questions, offered until the visitor asks something. */
  suggestions: readonly string[] | undefined;
  ask(question: string): void;
  /** Something arrived below while the visitor was scrolled up (log-follow-controller.ts). */
  unseen: boolean;
  follow(): void;
  labels: Labels;
}

/** The conversation (role="log"), and over its foot the button that brings a visitor who scrolled up back down. */
export function renderLog(view: LogView): TemplateResult {
  const asked = view.log.some((entry) => entry.role === 'user');
  return html`<div class="log-frame">
    <div
      id="log"
      part="log"
      class="log"
      role="log"
      aria-live="off"
      aria-label=${view.labels.conversation}
      aria-busy=${view.generating ? 'true' : 'false'}
      tabindex="0"
    >
      ${view.log.map((entry) => renderMessage(entry, view.twinName, view.marker(entry), view.labels))}
      ${asked ? nothing : renderSuggestions(view.suggestions, view.ask, view.labels)}
    </div>
    ${
      view.unseen
        ? html`<button type="button" part="new-messages" class="new-messages" @click=${view.follow}>
          ${view.labels.newMessages}
        </button>`
        : nothing
    }
  </div>`;
}
