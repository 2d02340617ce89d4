/**
 * Only these schemes may become a link. Everything else (javascript:, data:, blob:, relative paths) is shown as
 * text, because a card's URLs are data from a JSON file and must never run code or navigate somewhere surprising.
 */
const LINKABLE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The normalised href for an absolute http(s)/mailto URL, else null. Parsing with `URL` (not a regex) means the
 * browser's own rules decide the scheme, so tricks such as "java\tscript:" or leading spaces cannot slip past.
 */
export function linkableUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return LINKABLE_PROTOCOLS.has(url.protocol) ? url.href : null;
}
