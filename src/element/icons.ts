import { html, svg, type TemplateResult } from 'lit';

/**
 * The element's icons, inline SVG in the text colour: an emoji or a symbol font shows as an empty box where no font
 * has the glyph, and an icon file would be one more request. Each is decorative (aria-hidden); the button it sits
 * in carries the name.
 */
function icon(paths: TemplateResult, className = 'icon'): TemplateResult {
  return html`<svg class=${className} viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
    ${paths}
  </svg>`;
}

export const micIcon = (): TemplateResult =>
  icon(
    svg`<path fill="currentColor" d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11z" />`,
    'icon mic-icon',
  );

/** A speaker; with `on`, sound waves beside it. */
export const speakerIcon = (on: boolean): TemplateResult =>
  icon(
    on
      ? svg`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 7.97v8.05A4.48 4.48 0 0 0 16.5 12zM14 3.23v2.06a7 7 0 0 1 0 13.42v2.06A9 9 0 0 0 14 3.23z" />`
      : svg`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9H3z" />`,
  );

export const closeIcon = (): TemplateResult =>
  icon(
    svg`<path fill="currentColor" d="M18.3 5.71 12 12.01l-6.3-6.3-1.41 1.41 6.3 6.3-6.3 6.29 1.41 1.42 6.3-6.3 6.29 6.3 1.42-1.42-6.3-6.29 6.3-6.3z" />`,
  );

/** Three dots: the header's menu of secondary controls on a narrow panel. */
export const moreIcon = (): TemplateResult =>
  icon(
    svg`<path fill="currentColor" d="M12 8a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm0 2a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm0 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z" />`,
  );

/** A paper plane: send. */
export const sendIcon = (): TemplateResult =>
  icon(svg`<path fill="currentColor" d="M2.01 21 23 12 2.01 3 2 10l15 2-15 2z" />`);

/** A square: stop. */
export const stopIcon = (): TemplateResult => icon(svg`<path fill="currentColor" d="M6 6h12v12H6z" />`);
