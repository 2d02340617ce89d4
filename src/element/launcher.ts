import { html, type TemplateResult } from 'lit';
import { fill, type Labels } from './labels.js';

/**
 * The floating button of launcher mode; it says whether the panel it controls is open. A pointer over it or focus
 * on it calls `onIntent`, so the panel can start loading before the click.
 */
export function renderLauncher(
  open: boolean,
  name: string,
  onToggle: () => void,
  onIntent: () => void,
  labels: Labels,
): TemplateResult {
  return html`<button
    type="button"
    part="launcher"
    class="launcher"
    aria-expanded=${open ? 'true' : 'false'}
    aria-controls="panel"
    @click=${onToggle}
    @pointerenter=${onIntent}
    @focus=${onIntent}
  >
    ${open ? labels.closeChat : fill(labels.openChat, { person: name })}
  </button>`;
}
