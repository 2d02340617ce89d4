import type { CardRenderer } from './card-renderer.js';
import { cardShell, dateElement, element, itemList, linkOrText, objectsIn } from './card-dom.js';

/** Blog posts and essays: linked title, date and a one-line summary. */
export const renderMusings: CardRenderer = (_call, apps) => {
  const musings = objectsIn(apps?.musings);
  if (musings.length === 0) return null;
  const card = cardShell('musings', 'Musings');
  card.append(
    itemList(musings, (musing, li) =>
      li.append(
        linkOrText(musing.title, musing.url, 'twin-card__name'),
        dateElement(musing.date),
        element('p', 'twin-card__text', musing.summary),
      ),
    ),
  );
  return card;
};
