import { linkableUrl } from './safe-url.js';

/**
 * The few DOM builders every built-in card uses. Text always goes in through `textContent`, so app data that
 * looks like HTML stays inert text.
 */

/** Strings and numbers as they are; anything else (malformed data) as nothing, never "[object Object]". */
export function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * Puts data text in a node (never HTML), bidi-isolated with `dir="auto"`: a right-to-left title, or an override
 * character in it, cannot reorder the rest of its line.
 */
export function setText(node: HTMLElement, text: unknown): void {
  node.textContent = asText(text);
  node.dir = 'auto';
}

/** A new element with a class and, optionally, text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: unknown,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) setText(node, text);
  return node;
}

/** A link when `url` is a linkable absolute URL, else the same text in a span (the URL itself is dropped). */
export function linkOrText(text: unknown, url: unknown, className: string): HTMLElement {
  const href = linkableUrl(url);
  if (!href) return element('span', className, text);
  const anchor = element('a', className, text);
  anchor.href = href;
  // A new tab, because the conversation lives only in this page's memory and navigating away would lose it.
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer';
  return anchor;
}

/** The card's outer box: `twin-card twin-card--<app>` with a visible title that also names it for screen readers. */
export function cardShell(app: string, title: string): HTMLElement {
  const card = element('article', `twin-card twin-card--${app}`);
  card.dataset.app = app;
  card.setAttribute('aria-label', title);
  card.append(element('p', 'twin-card__title', title));
  return card;
}

/** A `ul` of the given class with one `li` per entry, filled by `fill`. */
export function itemList<T>(
  items: readonly T[],
  fill: (item: T, li: HTMLLIElement) => void,
  listClass = 'twin-card__list',
  itemClass = 'twin-card__item',
): HTMLUListElement {
  const list = element('ul', listClass);
  for (const item of items) {
    const li = element('li', itemClass);
    fill(item, li);
    list.append(li);
  }
  return list;
}

/** A small muted line such as "2021 · open source"; empty parts are left out. */
export function metaLine(...parts: unknown[]): HTMLElement {
  return element('span', 'twin-card__meta', parts.map(asText).filter(Boolean).join(' · '));
}

/** A `<time>` showing an ISO date (YYYY-MM-DD) as e.g. "14 Sep 2026"; anything else shows verbatim. */
export function dateElement(iso: unknown): HTMLTimeElement {
  const raw = asText(iso);
  const time = element('time', 'twin-card__meta twin-card__date', raw);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T00:00:00Z`) : null;
  if (date && !Number.isNaN(date.getTime())) {
    time.dateTime = raw;
    time.textContent = date.toLocaleDateString(document.documentElement.lang || undefined, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  }
  return time;
}

/*
 * App data is the page owner's JSON and may be malformed: a list that is not an array, or entries of the wrong
 * kind. These keep only the usable entries, so a bad file shows less rather than throwing.
 */

export function objectsIn<T extends object>(value: readonly T[] | undefined): T[] {
  return Array.isArray(value) ? value.filter((item): item is T => typeof item === 'object' && item !== null) : [];
}

export function textsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.map(asText).filter(Boolean) : [];
}
