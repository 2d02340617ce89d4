import { html, type TemplateResult } from 'lit';
import { speakerIcon } from './icons.js';

/**
 * The spoken-replies toggle (part `speaker`): a header button whose aria-pressed says whether finished replies
 * are read aloud. Its name stays the same in both states, as a toggle button's should.
 */
export function renderSpeakerButton(on: boolean, onToggle: () => void): TemplateResult {
  return html`<button
    type="button"
    part="speaker"
    class="speaker"
    aria-label="Read replies aloud"
    aria-pressed=${on ? 'true' : 'false'}
    title=${on ? 'Replies are read aloud' : 'Read replies aloud'}
    @click=${onToggle}
  >
    ${speakerIcon(on)}
  </button>`;
}
