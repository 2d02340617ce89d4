import type { AppsData } from '../../models/apps-data.js';
import type { ToolCall } from '../../tools/tool-call.js';
import type { CardRenderer } from './card-renderer.js';
import { adoptCardStyles } from './card-styles.js';
import { renderAbout } from './about-card.js';
import { renderBooks } from './books-card.js';
import { renderContact } from './contact-card.js';
import { renderMusings } from './musings-card.js';
import { renderNow } from './now-card.js';
import { renderProjects } from './projects-card.js';
import { renderTalks } from './talks-card.js';
import { renderUses } from './uses-card.js';

/** The eight standard apps every twin may open (ARCHITECTURE.md, "The element"), each with a card driven by the `apps` data. */
const BUILT_IN: Record<string, CardRenderer> = {
  projects: renderProjects,
  books: renderBooks,
  musings: renderMusings,
  about: renderAbout,
  now: renderNow,
  uses: renderUses,
  talks: renderTalks,
  contact: renderContact,
};

/**
 * The card for a standard app, or null for an unknown app or one with no data. This module is the fallback after
 * the page's own `twin-tool` handler and registered renderers, so the element loads it lazily.
 */
export function renderBuiltInCard(call: ToolCall, apps: AppsData | undefined): HTMLElement | null {
  const render = Object.hasOwn(BUILT_IN, call.app) ? BUILT_IN[call.app] : undefined;
  const card = render?.(call, apps) ?? null;
  if (card) adoptCardStyles(document);
  return card;
}
