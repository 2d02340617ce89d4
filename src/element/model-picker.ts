import { html, type TemplateResult } from 'lit';
import type { ResolvedEntry } from '../models/registry.js';
import type { Labels } from './labels.js';

/** What the visitor picked: a registry model, or the no-model scripted engine for the current twin. */
export type PickerChoice = { model: string } | { scripted: true };

/** Option values carry a prefix, so a model that happens to be called "scripted" is still a model. */
const SCRIPTED_VALUE = 'engine:scripted';
const MODEL_PREFIX = 'model:';

export function parseChoice(value: string): PickerChoice {
  return value === SCRIPTED_VALUE ? { scripted: true } : { model: value.slice(MODEL_PREFIX.length) };
}

/**
 * The registry's models, by label, plus "scripted". `.selected` is set as a property because the attribute stops
 * steering a <select> once the visitor has used it.
 */
export function renderModelPicker(
  entries: readonly ResolvedEntry[],
  current: string | undefined,
  scripted: boolean,
  onChange: (choice: PickerChoice) => void,
  labels: Labels,
): TemplateResult {
  return html`<label class="visually-hidden" for="model-picker">${labels.model}</label>
    <select
      id="model-picker"
      part="model-picker"
      @change=${(event: Event) => onChange(parseChoice((event.target as HTMLSelectElement).value))}
    >
      ${entries.map(
        (entry) =>
          html`<option value=${MODEL_PREFIX + entry.id} .selected=${!scripted && entry.id === current}>
            ${entry.label}
          </option>`,
      )}
      <option value=${SCRIPTED_VALUE} .selected=${scripted}>${labels.scriptedOption}</option>
    </select>`;
}
