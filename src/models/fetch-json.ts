import { LoadError } from './load-error.js';

/** The three documents the element fetches; each has its own pair of error codes. */
export type DocumentKind = 'registry' | 'manifest' | 'apps';

/**
 * How long one document may take, body included. A server that accepts the connection and then stalls would
 * otherwise leave the chat "loading" forever with no word to the visitor; these files are small, so 15 s is
 * generous even on a poor connection.
 */
const TIMEOUT_MS = 15000;

/**
 * Fetches and parses one JSON document, turning every way it can fail into a LoadError that says what went
 * wrong and where. An abort is rethrown untouched, because a superseded load is not an error to report.
 */
export async function fetchJson(kind: DocumentKind, url: URL, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const signals = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let text: string;
  try {
    const response = await fetch(url, { signal: signals });
    if (!response.ok) {
      throw new LoadError(`${kind}-unreachable`, `The ${kind} at ${url.href} answered HTTP ${response.status}.`);
    }
    text = await response.text();
  } catch (error) {
    if (signal?.aborted || error instanceof LoadError) throw error;
    const why = timeout.aborted ? `no answer within ${TIMEOUT_MS / 1000} s` : describe(error);
    throw new LoadError(`${kind}-unreachable`, `Could not reach the ${kind} at ${url.href} (${why}).`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new LoadError(`${kind}-invalid`, `The ${kind} at ${url.href} is not valid JSON (${describe(error)}).`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
