import { html, type TemplateResult } from 'lit';
import type { TwinErrorCode } from './events.js';

/** A problem shown to the visitor. One notice per code: a repeat replaces the older one instead of piling up. */
export interface Notice {
  code: TwinErrorCode;
  message: string;
}

export function withNotice(notices: readonly Notice[], notice: Notice): Notice[] {
  return [...notices.filter((known) => known.code !== notice.code), notice];
}

export function withoutNotices(notices: readonly Notice[], codes: readonly TwinErrorCode[]): Notice[] {
  return notices.filter((known) => !codes.includes(known.code));
}

/** role="alert" so a notice is announced when it appears; the message is text, URLs included. */
export function renderNotice(notice: Notice, onDismiss: (code: TwinErrorCode) => void): TemplateResult {
  return html`<div part="notice" class="notice" role="alert" data-code=${notice.code}>
    <span>${notice.message}</span>
    <button type="button" part="notice-dismiss" class="dismiss" aria-label="Dismiss notice" @click=${() => onDismiss(notice.code)}>
      ×
    </button>
  </div>`;
}
