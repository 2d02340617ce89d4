import { html, type TemplateResult } from 'lit';

/** The floating button of launcher mode; it says whether the panel it controls is open. */
export function renderLauncher(open: boolean, name: string, onToggle: () => void): TemplateResult {
  return html`<button
    type="button"
    part="launcher"
    class="launcher"
    aria-expanded=${open ? 'true' : 'false'}
    aria-controls="panel"
    @click=${onToggle}
  >
    ${open ? 'Close chat' : `Chat with ${name}`}
  </button>`;
}
