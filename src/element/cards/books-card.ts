import type { BookItem } from '../../models/apps-data.js';
import type { CardRenderer } from './card-renderer.js';
import { cardShell, element, itemList, metaLine, objectsIn } from './card-dom.js';

const STATUS_LABELS: Record<string, string> = { reading: 'reading now', favourite: 'favourite', read: 'read' };

/** The bookshelf: title, author, status and the person's note on each book. */
export const renderBooks: CardRenderer = (_call, apps) => {
  const books = objectsIn(apps?.books);
  if (books.length === 0) return null;
  const card = cardShell('books', 'Books');
  card.append(itemList(books, fillBook));
  return card;
};

function fillBook(book: BookItem, li: HTMLLIElement): void {
  const status = book.status && Object.hasOwn(STATUS_LABELS, book.status) ? book.status : '';
  if (status) li.dataset.status = status;
  li.append(
    element('cite', 'twin-card__name', book.title),
    metaLine(book.author && `by ${book.author}`, STATUS_LABELS[status]),
  );
  if (book.note) li.append(element('p', 'twin-card__text', book.note));
}
