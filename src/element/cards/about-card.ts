import type { CardRenderer } from './card-renderer.js';
import { asText, cardShell, element, metaLine } from './card-dom.js';

/** Who the person is: name, tagline, location and a short bio. */
export const renderAbout: CardRenderer = (_call, apps) => {
  const about = apps?.about;
  if (typeof about !== 'object' || about === null || !(asText(about.name) || asText(about.bio))) return null;
  const card = cardShell('about', 'About');
  card.append(element('p', 'twin-card__name', about.name), metaLine(about.tagline), metaLine(about.location));
  card.append(element('p', 'twin-card__text', about.bio));
  return card;
};
