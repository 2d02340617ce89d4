import type { AppsData } from './apps-data.js';
import { fetchJson } from './fetch-json.js';
import { LoadError } from './load-error.js';

/** Apps whose data is a list; the others (about, now, contact) are objects. */
const LIST_APPS = ['projects', 'books', 'musings', 'uses', 'talks'];
const OBJECT_APPS = ['about', 'now', 'contact'];

/**
 * Fetches the app data JSON. Only its outline is checked here: the card renderers read every field defensively
 * and as text, so a missing field costs one line of a card, while a wrong outline would cost the whole card.
 */
export async function loadApps(url: URL, signal?: AbortSignal): Promise<AppsData> {
  const json = await fetchJson('apps', url, signal);
  const fail = (problem: string): never => {
    throw new LoadError('apps-invalid', `The app data at ${url.href} ${problem}.`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('is not a JSON object');
  const data = json as Record<string, unknown>;
  for (const app of LIST_APPS) {
    if (data[app] !== undefined && !Array.isArray(data[app])) fail(`has "${app}" that is not a list`);
  }
  for (const app of OBJECT_APPS) {
    const value = data[app];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      fail(`has "${app}" that is not an object`);
    }
  }
  return data as AppsData;
}
