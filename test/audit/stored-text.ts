/**
 * Storage inspection for the privacy audit (test/audit/storage.test.ts) and bench/soak.mjs: everything this
 * origin keeps, as searchable text, and how many bytes of a conversation are in it. No test-runner imports, so
 * the soak page can bundle it.
 */

import { encodedForms } from './text-encodings.js';

/** One place the page could have kept something, with everything in it as searchable text. */
export interface StoredText {
  where: string;
  text: string;
}

/** Everything this origin keeps: web storage, cookies, every IndexedDB store and every Cache API response. */
export async function everythingStored(): Promise<StoredText[]> {
  const found: StoredText[] = [
    { where: 'localStorage', text: JSON.stringify({ ...localStorage }) },
    { where: 'sessionStorage', text: JSON.stringify({ ...sessionStorage }) },
    { where: 'document.cookie', text: document.cookie },
  ];
  for (const { name } of await indexedDB.databases()) {
    if (name) found.push(...(await indexedDbContents(name)));
  }
  for (const cacheName of await caches.keys()) {
    const cache = await caches.open(cacheName);
    for (const request of await cache.keys()) {
      const response = (await cache.match(request))!;
      found.push({ where: `Cache "${cacheName}" ${request.url}`, text: await response.text() });
    }
  }
  return found;
}

async function indexedDbContents(name: string): Promise<StoredText[]> {
  const db = await request(indexedDB.open(name));
  const found: StoredText[] = [];
  try {
    for (const store of db.objectStoreNames) {
      const objects = db.transaction(store, 'readonly').objectStore(store);
      const [keys, values] = await Promise.all([request(objects.getAllKeys()), request(objects.getAll())]);
      found.push({ where: `IndexedDB "${name}" store "${store}"`, text: await searchable([keys, values]) });
    }
  } finally {
    db.close();
  }
  return found;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Any stored value as text: strings as they are, binary data decoded as UTF-8, objects field by field. */
async function searchable(value: unknown): Promise<string> {
  if (typeof value === 'string') return value;
  if (value instanceof Blob) return value.text();
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return new TextDecoder().decode(value as ArrayBuffer);
  if (value && typeof value === 'object') {
    const parts = await Promise.all(
      Object.entries(value).map(async ([key, item]) => `${key}: ${await searchable(item)}`),
    );
    return parts.join('\n');
  }
  return String(value);
}

/**
 * Bytes (UTF-8) of conversation text found in storage, in any of its common encodings (text-encodings.ts): each
 * turn's text, counted once for every place, encoding and time it occurs. Texts under 12 characters are left
 * out: a word like "Porto" is in any tokenizer.
 */
export function conversationBytesPersisted(
  stored: readonly StoredText[],
  turns: readonly string[],
): { bytes: number; where: string[] } {
  const encoder = new TextEncoder();
  let bytes = 0;
  const where: string[] = [];
  for (const turn of turns.filter((text) => text.length >= 12)) {
    for (const { encoding, form } of encodedForms(turn)) {
      for (const place of stored) {
        const count = place.text.split(form).length - 1;
        if (count === 0) continue;
        bytes += count * encoder.encode(turn).length;
        where.push(`${place.where} (${encoding}): "${turn.slice(0, 40)}"`);
      }
    }
  }
  return { bytes, where };
}
