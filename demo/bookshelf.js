// A page-supplied card: when a twin on this page opens the "books" app, the blog draws its own bookshelf instead of
// the built-in card. It listens for `twin-tool`, builds an element from the same app data the twin uses, and
// appends it to the <twin-chat> with the slot name the event gives; blog.css styles it like the rest of the site.
const books = [];
fetch('../models/ada-twin/apps.json')
  .then((response) => (response.ok ? response.json() : {}))
  .then((apps) => books.push(...(apps.books ?? [])))
  .catch(() => {}); // Without data the element falls back to its built-in card.

const STATUS_LABELS = { reading: 'reading now', favourite: 'favourite' };

function bookshelf(slot) {
  const shelf = document.createElement('figure');
  shelf.className = 'bookshelf';
  shelf.slot = slot;
  const spines = document.createElement('ul');
  spines.className = 'bookshelf__spines';
  for (const book of books) {
    const spine = document.createElement('li');
    spine.className = `book book--${book.status ?? 'read'}`;
    const title = document.createElement('cite');
    title.textContent = book.title;
    const author = document.createElement('span');
    author.className = 'book__author';
    author.textContent = book.author;
    spine.append(title, author);
    if (STATUS_LABELS[book.status]) {
      const status = document.createElement('span');
      status.className = 'book__status';
      status.textContent = STATUS_LABELS[book.status];
      spine.append(status);
    }
    spines.append(spine);
  }
  const caption = document.createElement('figcaption');
  const reading = books.find((book) => book.status === 'reading');
  const nightstand = reading ? `On the nightstand: ${reading.title} by ${reading.author}. ` : '';
  caption.textContent = `${nightstand}Gold bands mark favourites.`;
  shelf.append(spines, caption);
  return shelf;
}

document.addEventListener('twin-tool', (event) => {
  if (event.detail.app !== 'books' || books.length === 0) return;
  // A composed event seen from the document is retargeted to the <twin-chat> that sent it.
  event.target.append(bookshelf(event.detail.slot));
});
