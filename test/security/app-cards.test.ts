import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TwinChat } from '../../src/index.js';
import type { AppsData } from '../../src/models/apps-data.js';
import { renderBuiltInCard } from '../../src/element/cards/built-in-cards.js';
import { ask, readyChat } from '../element/helpers.js';
import type { SuiteContext } from '../engines/model-helpers.js';
import {
  chatTrees,
  hostileFixtures,
  injectedMarkup,
  jsonUrl,
  registryOf,
  reportPayloads,
  settle,
  SLOW,
  testTwinManifest,
} from './hostile.js';

const LIST_APPS = ['projects', 'books', 'musings', 'uses', 'talks', 'now', 'contact'] as const;
const LINKABLE = ['http:', 'https:', 'mailto:'];

/** Whether the browser reads `url` as an absolute http(s) or mailto URL: only those may become links. */
function linkable(url: string): boolean {
  return URL.canParse(url) && LINKABLE.includes(new URL(url).protocol);
}

/**
 * App data with every payload in every text field of every list app (a number or a listed value such as
 * `category` must be one, or the data is refused at load: see the test below). Each link field gets the payload
 * as a URL and, beside it, an https URL carrying the payload, so the test also sees that real links still become
 * links.
 */
function hostileApps(payloads: readonly string[]): AppsData {
  const withLinks = <T>(make: (text: string, url: string) => T) =>
    payloads.flatMap((p) => [make(p, p), make(p, `https://example.com/${p}`)]);
  return {
    projects: withLinks((p, url) => ({
      title: p,
      summary: p,
      tags: [p],
      category: 'oss' as const,
      url,
      year: 2024,
    })),
    books: payloads.map((p) => ({ title: p, author: p, note: p, status: 'read' as const })),
    musings: withLinks((p, url) => ({ title: p, date: p, summary: p, url })),
    uses: payloads.map((p) => ({ category: p, items: [p] })),
    talks: withLinks((p, url) => ({ title: p, event: p, date: p, url })),
    now: { updated: payloads[0]!, items: [...payloads] },
    contact: { links: withLinks((p, url) => ({ label: p, url })) },
  };
}

/** The hrefs of the links in a tree, and how many of the given URLs should have become one. */
function hrefs(root: ParentNode): string[] {
  return [...root.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
}

describe('hostile app data in the built-in cards', function (this: SuiteContext) {
  this.timeout(300000);

  const hostile = hostileFixtures();

  it('refuses, at load, a payload where app data needs a number or a listed value, naming the field', async () => {
    const manifest = await testTwinManifest();
    const [payload] = hostile.payloads;
    for (const [apps, field] of [
      [{ projects: [{ title: 'x', summary: 'x', tags: [], category: 'oss', year: payload }] }, 'apps.projects[0].year'],
      [{ projects: [{ title: 'x', summary: 'x', tags: [], category: payload }] }, 'apps.projects[0].category'],
      [{ books: [{ title: 'x', author: 'x', status: payload }] }, 'apps.books[0].status'],
    ] as const) {
      const errors: string[] = [];
      const el = document.createElement('twin-chat');
      el.addEventListener('twin-error', (event) => errors.push(event.detail.message));
      el.registry = registryOf([{ id: 'apps-twin', manifest: { ...manifest, apps: jsonUrl(apps) } }]);
      el.engine = 'scripted';
      document.body.append(el);
      try {
        await waitUntil(() => errors.length > 0, `no apps-invalid for ${field}`, SLOW);
        expect(errors[0]).to.contain(field);
      } finally {
        el.remove();
      }
    }
  });

  it('shows every payload in every text field of every list card as text, and links only http(s) and mailto URLs', async () => {
    const manifest = await testTwinManifest();
    manifest.tools = LIST_APPS.map((app) => ({ app, params: {} }));
    manifest.knowledge = LIST_APPS.map((app) => ({
      q: [`Open the ${app} card`],
      a: `Here.\nTOOL {"app":"${app}","params":{}}`,
    }));
    const apps = hostileApps(hostile.payloads);
    manifest.apps = jsonUrl(apps);
    const el: TwinChat = await readyChat(
      html`<twin-chat registry=${registryOf([{ id: 'apps-twin', manifest }])} engine="scripted"></twin-chat>`,
    );
    for (const app of LIST_APPS) {
      await ask(el, `Open the ${app} card`);
      await waitUntil(() => el.querySelector(`.twin-card--${app}`), `no ${app} card`, SLOW);
      const card = el.querySelector(`.twin-card--${app}`)!;
      const text = card.textContent ?? '';
      expect(
        hostile.payloads.filter((p) => !text.includes(p)),
        `payloads missing from the ${app} card`,
      ).to.deep.equal([]);
    }
    await settle();
    expect(injectedMarkup(chatTrees(el))).to.deep.equal([]);

    const shown = hrefs(el);
    expect(
      shown.filter((href) => !LINKABLE.includes(new URL(href).protocol)),
      'links to other schemes',
    ).to.deep.equal([]);
    const urls = [apps.projects!, apps.musings!, apps.talks!, apps.contact!.links].flatMap((items) =>
      items.map((item) => item.url!),
    );
    expect(shown, 'one link per http(s) or mailto URL').to.have.length(urls.filter(linkable).length);
    expect(shown.length, 'the https URLs beside the payloads became links').to.be.at.least(4 * hostile.payloads.length);
    reportPayloads(
      'app data in the list cards (projects, books, musings, uses, talks, now, contact links)',
      hostile.payloads.length,
      hostile.watch,
    );
  });

  it('shows every payload in the about card and the contact email as text, the email as a mailto link only', async () => {
    const host = await fixture<HTMLElement>(html`<div></div>`);
    for (const p of hostile.payloads) {
      const apps: AppsData = { about: { name: p, tagline: p, bio: p, location: p }, contact: { email: p, links: [] } };
      for (const app of ['about', 'contact'])
        host.append(renderBuiltInCard({ app, params: {}, source: 'router' }, apps)!);
    }
    await settle();
    expect(injectedMarkup([host])).to.deep.equal([]);
    expect(
      hrefs(host).filter((href) => !href.startsWith('mailto:')),
      'links other than mailto',
    ).to.deep.equal([]);
    const names = [...host.querySelectorAll('.twin-card--about .twin-card__name')].map((name) => name.textContent);
    expect(names).to.deep.equal(hostile.payloads);
    reportPayloads('app data in the about card and contact email', hostile.payloads.length, hostile.watch);
  });
});
