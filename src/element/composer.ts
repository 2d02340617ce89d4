import { html, nothing, type TemplateResult } from 'lit';
import { sendIcon, stopIcon } from './icons.js';
import type { Labels } from './labels.js';

export interface ComposerOptions {
  placeholder: string;
  labels: Labels;
  generating: boolean;
  onKeydown: (event: KeyboardEvent) => void;
  onSend: () => void;
  onStop: () => void;
  /** The hold-to-talk button and its status, or nothing where speech input is off or impossible. */
  mic?: TemplateResult | typeof nothing;
}

/**
 * The input row. The textarea is left uncontrolled: the element reads it on send and empties it only once a
 * message is accepted, so whatever is refused stays exactly as typed. The placeholder is a hint, not the label.
 * Send and Stop are icons named by hidden text, and only one shows at a time (Stop while a reply runs), so the
 * text box keeps most of a phone's width; it grows with its text.
 */
export function renderComposer(options: ComposerOptions): TemplateResult {
  return html`<div part="composer" class="composer" ?data-generating=${options.generating}>
    <label class="visually-hidden" for="input">${options.labels.message}</label>
    <textarea
      id="input"
      part="input"
      rows="1"
      placeholder=${options.placeholder}
      aria-keyshortcuts="Enter Shift+Enter Escape"
      @keydown=${options.onKeydown}
    ></textarea>
    ${options.mic ?? nothing}
    <button type="button" part="send" class="send" title=${options.labels.send} @click=${options.onSend}>
      ${sendIcon()}<span class="visually-hidden">${options.labels.send}</span>
    </button>
    <button
      type="button"
      part="stop"
      class="stop"
      title=${options.labels.stop}
      ?disabled=${!options.generating}
      @click=${options.onStop}
    >
      ${stopIcon()}<span class="visually-hidden">${options.labels.stop}</span>
    </button>
  </div>`;
}
