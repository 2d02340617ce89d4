import { LoadError } from './load-error.js';

/** The three documents the element fetches; each has its own pair of error codes. */
export type DocumentKind = 'registry' | 'manifest' | 'apps';

/**
 * Fetches and parses one JSON document, turning every way it can fail into a LoadError that says what went
 * wrong and where. An abort is rethrown untouched, because a superseded load is not an error to report.
 */
export async function fetchJson(kind: DocumentKind, url: URL, signal?: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new LoadError(`${kind}-unreachable`, `Could not reach the ${kind} at ${url.href} (${describe(error)}).`);
  }
  if (!response.ok) {
    throw new LoadError(`${kind}-unreachable`, `The ${kind} at ${url.href} answered HTTP ${response.status}.`);
  }
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new LoadError(`${kind}-invalid`, `The ${kind} at ${url.href} is not valid JSON (${describe(error)}).`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
