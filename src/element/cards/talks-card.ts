import type { CardRenderer } from './card-renderer.js';
import { cardShell, dateElement, element, itemList, linkOrText, objectsIn } from './card-dom.js';

/** Talks given: linked title, the event and its date. */
export const renderTalks: CardRenderer = (_call, apps) => {
  const talks = objectsIn(apps?.talks);
  if (talks.length === 0) return null;
  const card = cardShell('talks', 'Talks');
  card.append(
    itemList(talks, (talk, li) =>
      li.append(
        linkOrText(talk.title, talk.url, 'twin-card__name'),
        dateElement(talk.date),
        element('p', 'twin-card__text', talk.event),
      ),
    ),
  );
  return card;
};
