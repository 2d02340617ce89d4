import type { AppsData } from './apps-data.js';
import { fetchJson } from './fetch-json.js';
import { LoadError } from './load-error.js';
import { shapeProblem, type Shape } from './shape.js';

const text = 'string';
const texts: Shape = { list: text };
const link = (fields: Record<string, Shape>, optional: string[] = []): Shape => ({ fields, optional: [...optional, 'url'] });

/** The shape of every app's data (models/apps-data.ts). Each app is optional; a page's own apps may hold anything. */
const APPS_SHAPE: Shape = {
  fields: {
    about: { fields: { name: text, tagline: text, bio: text, location: text }, optional: ['location'] },
    now: { fields: { updated: text, items: texts } },
    projects: {
      list: link(
        { title: text, summary: text, tags: texts, category: { oneOf: ['oss', 'professional'] }, url: text, year: 'number' },
        ['year'],
      ),
    },
    books: {
      list: {
        fields: { title: text, author: text, note: text, status: { oneOf: ['reading', 'read', 'favourite'] } },
        optional: ['note', 'status'],
      },
    },
    musings: { list: link({ title: text, date: text, summary: text, url: text }) },
    uses: { list: { fields: { category: text, items: texts } } },
    talks: { list: link({ title: text, event: text, date: text, url: text }) },
    contact: {
      fields: { email: text, links: { list: { fields: { label: text, url: text } } } },
      optional: ['email'],
    },
  },
  optional: ['about', 'now', 'projects', 'books', 'musings', 'uses', 'talks', 'contact'],
};

/**
 * Fetches the app data JSON and checks all of it, so a wrong field is reported once, when the page loads, with
 * its name, and never fails a card later.
 */
export async function loadApps(url: URL, signal?: AbortSignal): Promise<AppsData> {
  const json = await fetchJson('apps', url, signal);
  const problem = shapeProblem(json, APPS_SHAPE, 'apps');
  if (problem) throw new LoadError('apps-invalid', `The app data at ${url.href} is not right: ${problem}.`);
  return json as AppsData;
}
