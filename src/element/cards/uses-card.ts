import type { CardRenderer } from './card-renderer.js';
import { cardShell, element, itemList, objectsIn, setText, textsIn } from './card-dom.js';

/** A "uses page": the person's tools, in named groups. */
export const renderUses: CardRenderer = (_call, apps) => {
  const groups = objectsIn(apps?.uses);
  if (groups.length === 0) return null;
  const card = cardShell('uses', 'Uses');
  card.append(
    itemList(groups, (group, li) =>
      li.append(
        element('p', 'twin-card__name', group.category),
        itemList(textsIn(group.items), (item, li) => setText(li, item), 'twin-card__sublist', 'twin-card__subitem'),
      ),
    ),
  );
  return card;
};
