import { html, type nothing, type TemplateResult } from 'lit';
import { moreIcon } from './icons.js';
import type { Labels } from './labels.js';

export interface HeaderView {
  title: string;
  /** The engine label, and the menu's controls (picker, clear, speaker), already rendered. */
  engine: TemplateResult | typeof nothing;
  menuItems: TemplateResult;
  menuOpen: boolean;
  toggleMenu(): void;
  labels: Labels;
}

/**
 * The panel's one header row: the title and the engine label, which shorten to fit, then the secondary controls.
 * On a narrow panel those live in a menu behind the menu button (panel-styles.ts, the container query).
 */
export function renderHeader(view: HeaderView): TemplateResult {
  return html`<div part="header" class="header">
    <span class="title" title=${view.title}>${view.title}</span>
    ${view.engine}
    <button
      type="button"
      part="menu-button"
      class="menu-button"
      aria-label=${view.labels.menu}
      aria-expanded=${view.menuOpen ? 'true' : 'false'}
      aria-controls="menu"
      @click=${view.toggleMenu}
    >
      ${moreIcon()}
    </button>
    <div id="menu" part="menu" class=${view.menuOpen ? 'menu open' : 'menu'}>${view.menuItems}</div>
  </div>`;
}
