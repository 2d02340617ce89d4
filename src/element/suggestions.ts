import { html, nothing, type TemplateResult } from 'lit';
import type { Labels } from './labels.js';

/**
 * The manifest's suggested questions, as chips under the greeting until the visitor asks something: one tap asks
 * it. They are the person's own questions, so they show what the twin knows.
 */
export function renderSuggestions(
  questions: readonly string[] | undefined,
  onAsk: (question: string) => void,
  labels: Labels,
): TemplateResult | typeof nothing {
  if (!questions?.length) return nothing;
  return html`<div part="suggestions" class="suggestions" role="group" aria-label=${labels.suggestions}>
    ${questions.map(
      (question) =>
        html`<button type="button" part="suggestion" class="suggestion" dir="auto" @click=${() => onAsk(question)}>
          ${question}
        </button>`,
    )}
  </div>`;
}
