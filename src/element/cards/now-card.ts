import type { CardRenderer } from './card-renderer.js';
import { asText, cardShell, dateElement, element, itemList, setText, textsIn } from './card-dom.js';

/** A "now page": what the person is doing these days, and when that list was last updated. */
export const renderNow: CardRenderer = (_call, apps) => {
  const items = textsIn(apps?.now?.items);
  if (items.length === 0) return null;
  const card = cardShell('now', 'Now');
  if (asText(apps?.now?.updated)) {
    const updated = element('p', 'twin-card__meta', 'Updated ');
    updated.append(dateElement(apps?.now?.updated));
    card.append(updated);
  }
  card.append(itemList(items, (item, li) => setText(li, item)));
  return card;
};
