import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { emit, type TwinErrorCode } from './events.js';
import { closeIcon } from './icons.js';

/** A problem shown to the visitor. */
export interface Notice {
  code: TwinErrorCode;
  message: string;
}

/**
 * The notices above the log. One per code: a repeat replaces the older one instead of piling up. Each one shown
 * is also reported as a `twin-error` event on the element, with the same message.
 */
export class Notices {
  shown: readonly Notice[] = [];

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  show(code: TwinErrorCode, message: string): void {
    this.#set([...this.shown.filter((known) => known.code !== code), { code, message }]);
    emit(this.host, 'twin-error', { code, message });
  }

  /** Takes down the notices with these codes: what they were about has been fixed or tried again. */
  dismiss(codes: readonly TwinErrorCode[]): void {
    if (this.shown.some((notice) => codes.includes(notice.code))) {
      this.#set(this.shown.filter((notice) => !codes.includes(notice.code)));
    }
  }

  /** role="alert" so a notice is announced when it appears; the message is text, URLs included. */
  render(dismissLabel: string): TemplateResult[] {
    return this.shown.map(
      ({ code, message }) => html`<div part="notice" class="notice" role="alert" data-code=${code}>
        <span>${message}</span>
        <button type="button" part="notice-dismiss" class="dismiss" aria-label=${dismissLabel} @click=${() => this.dismiss([code])}>
          ${closeIcon()}
        </button>
      </div>`,
    );
  }

  #set(shown: readonly Notice[]): void {
    this.shown = shown;
    this.host.requestUpdate();
  }
}
