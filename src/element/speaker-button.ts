import { html, type TemplateResult } from 'lit';
import { speakerIcon } from './icons.js';
import type { Labels } from './labels.js';

/**
 * The spoken-replies toggle (part `speaker`): a header button whose aria-pressed says whether finished replies
 * are read aloud. Its name stays the same in both states, as a toggle button's should.
 */
export function renderSpeakerButton(on: boolean, onToggle: () => void, labels: Labels): TemplateResult {
  return html`<button
    type="button"
    part="speaker"
    class="speaker"
    aria-label=${labels.readAloud}
    aria-pressed=${on ? 'true' : 'false'}
    title=${on ? labels.readingAloud : labels.readAloud}
    @click=${onToggle}
  >
    ${speakerIcon(on)}
  </button>`;
}
