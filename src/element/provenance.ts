import { html, type TemplateResult } from 'lit';
import type { Grounding } from '../honesty/grounding.js';
import { fill, type Labels } from './labels.js';

/** What the element passes down for the markers: its labels, and which note (by entry id) is shown. */
export interface ProvenanceView {
  person: string;
  groundedLabel: string;
  improvisedLabel: string;
  declinedLabel: string;
  labels: Labels;
  openNote: number | undefined;
  show(entryId: number): void;
  hide(entryId: number): void;
}

/**
 * The small marker under a twin message. It is a button so that it takes focus (and a tap, where there is no
 * hover); its note is a tooltip tied to it by aria-describedby, so a screen reader reads the note with the label
 * even while the note is hidden. Hover or focus shows the note; leaving, blurring or Esc hides it.
 */
export function renderProvenance(entryId: number, grounding: Grounding, view: ProvenanceView): TemplateResult {
  const kind = grounding.declined ? 'declined' : grounding.grounded ? 'grounded' : 'improvised';
  const markers = { grounded: view.groundedLabel, improvised: view.improvisedLabel, declined: view.declinedLabel };
  const label = fill(markers[kind], { person: view.person });
  const noteId = `provenance-note-${entryId}`;
  return html`<div
    class="provenance ${kind}"
    @mouseenter=${() => view.show(entryId)}
    @mouseleave=${() => view.hide(entryId)}
  >
    <button
      type="button"
      part="provenance ${kind}"
      class="provenance-label"
      aria-describedby=${noteId}
      @focus=${() => view.show(entryId)}
      @blur=${() => view.hide(entryId)}
      @click=${() => view.show(entryId)}
    >${label}</button>
    <div part="provenance-note" class="provenance-note" id=${noteId} role="tooltip" ?hidden=${view.openNote !== entryId}>
      ${renderNote(grounding, view.person, view.labels)}
    </div>
  </div>`;
}

function renderNote({ grounded, declined, score, source }: Grounding, person: string, labels: Labels): TemplateResult {
  const values = { person, overlap: Math.round(score * 100) };
  if (declined) return html`${fill(labels.noteDeclined, values)}`;
  if (grounded && source) {
    // The note's words are data: bidi-isolated, so a right-to-left note does not reorder the line around it.
    return html`<span class="note-title">${fill(labels.noteMatches, values)}</span>
      <span class="note-q" dir="auto">${fill(labels.noteQuestion, { text: source.q })}</span>
      <span class="note-a" dir="auto">${fill(labels.noteAnswer, { text: source.a })}</span>`;
  }
  if (grounded) return html`${labels.noteFixed}`;
  return html`${fill(labels.noteNone, values)}`;
}
