import { CARD_SLOT_PREFIX } from '../conversation/log-entry.js';
import type { AppsData } from '../models/apps-data.js';
import type { ToolCall } from '../tools/tool-call.js';
import type { CardRenderer } from './cards/card-renderer.js';
import { emit } from './events.js';
import { pageRenderers } from './page-renderers.js';

/** The element's cards: its light-DOM children with a card slot. */
export const CARD_SLOT_SELECTOR = `:scope > [slot^="${CARD_SLOT_PREFIX}"]`;

/** What showing one reply's card needs from the element. */
export interface CardPlace {
  host: HTMLElement;
  apps: AppsData | undefined;
  /** Renderers registered on this element only. */
  ownRenderers: ReadonlyMap<string, CardRenderer>;
  /** Whether the slot is still in the log: a clear while the card was loading removes it. */
  wanted(slot: string): boolean;
  /** The page claimed the slot's card: it is the page's to draw and, on a clear, to remove. */
  claimed(slot: string): void;
  failed(message: string): void;
}

/**
 * Shows a reply's card through its named slot: first the page's `twin-tool` listener may claim it (with
 * `preventDefault()`, to fill the slot whenever it likes: a framework renders after the handler returns) or append
 * its own element with that slot at once, then a registered renderer, then the built-in card. Resolves whether
 * the card is the page's or shown.
 */
export async function placeCard(call: ToolCall, slot: string, place: CardPlace): Promise<boolean> {
  const { host } = place;
  const detail = { app: call.app, params: call.params, source: call.source, slot };
  if (!emit(host, 'twin-tool', detail, { cancelable: true })) {
    place.claimed(slot);
    return true;
  }
  // Compared by property, not by a selector naming the slot: each such one-use selector would sit in Chromium's
  // per-document selector cache (256 entries), which a long session fills.
  if ([...host.children].some((child) => child.slot === slot)) return true;
  try {
    const card = await renderCardElement(call, place.apps, place.ownRenderers);
    if (card && place.wanted(slot)) {
      card.slot = slot;
      host.append(card);
      return true;
    }
  } catch (error) {
    place.failed(`The ${call.app} card could not be shown: ${String(error)}`);
  }
  return false;
}

/**
 * The card element for a call, from the first source that gives one: a renderer registered on this element,
 * one registered for every element, then the built-in cards. A renderer that returns null hands the call on
 * to the built-in card. The built-in cards are imported only here, so they never weigh on the first load.
 */
async function renderCardElement(
  call: ToolCall,
  apps: AppsData | undefined,
  ownRenderers: ReadonlyMap<string, CardRenderer>,
): Promise<HTMLElement | null> {
  const renderer = ownRenderers.get(call.app) ?? pageRenderers.get(call.app);
  const card = renderer?.(call, apps);
  if (card) return card;
  const { renderBuiltInCard } = await import('./cards/built-in-cards.js');
  return renderBuiltInCard(call, apps);
}
