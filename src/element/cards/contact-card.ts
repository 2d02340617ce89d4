import type { LinkItem } from '../../models/apps-data.js';
import type { CardRenderer } from './card-renderer.js';
import { asText, cardShell, itemList, linkOrText, objectsIn } from './card-dom.js';

/** How to reach the person: a mailto link for the email, then their other links. */
export const renderContact: CardRenderer = (_call, apps) => {
  const email = asText(apps?.contact?.email);
  const links = objectsIn(apps?.contact?.links);
  if (!email && links.length === 0) return null;
  const card = cardShell('contact', 'Contact');
  const entries = email ? [{ label: email, url: `mailto:${email}` }, ...links] : links;
  const fill = (link: LinkItem, li: HTMLLIElement) => li.append(linkOrText(link.label, link.url, 'twin-card__link'));
  card.append(itemList(entries, fill, 'twin-card__links'));
  return card;
};
