import type { AppsData } from '../tools/apps-data.js';
import type { ToolCall } from '../tools/tool-call.js';
import type { CardRenderer } from './cards/card-renderer.js';

/** Renderers a page registered for every <twin-chat> with `TwinChat.registerRenderer(app, fn)`. */
const pageRenderers = new Map<string, CardRenderer>();

export function registerPageRenderer(app: string, renderer: CardRenderer): void {
  pageRenderers.set(app, renderer);
}

/** The name that ties one reply's <slot> to the light-DOM card shown in it. */
export function cardSlotName(index: number): string {
  return `twin-card-${index}`;
}

export const CARD_SLOT_SELECTOR = ':scope > [slot^="twin-card-"]';

/**
 * The card element for a call, from the first source that gives one: a renderer registered on this element,
 * one registered for every element, then the built-in cards. A renderer that returns null hands the call on
 * to the built-in card. The built-in cards are imported only here, so they never weigh on the first load.
 */
export async function renderCardElement(
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
