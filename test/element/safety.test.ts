import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TwinChat, TwinToolDetail } from '../../src/index.js';
import { REGISTRY, ask, messageTexts, noticeTexts, part, readyChat, record, spyOnFetch } from './helpers.js';

declare global {
  interface Window {
    __twinPwned?: number;
  }
}

const HOSTILE = '<img src=x onerror="window.__twinPwned=1"><script>window.__twinPwned=1</script>';

/** No element that hostile markup could create exists anywhere in the chat, light or shadow DOM. */
function expectInert(el: TwinChat): void {
  for (const root of [el, el.shadowRoot!]) {
    expect(root.querySelectorAll('img, script, b'), 'elements created from text').to.have.length(0);
  }
  expect(window.__twinPwned).to.equal(undefined);
}

/** Lets an onerror handler run if an <img src=x> had been created. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('<twin-chat> safety', () => {
  beforeEach(() => {
    delete window.__twinPwned;
  });

  it('renders HTML and <script> in an answer as text', async () => {
    const el = await readyChat();
    await ask(el, 'Show me some markup');
    await settle();
    expect(messageTexts(el).at(-1)).to.equal(`Here is markup: ${HOSTILE} <b>bold</b>`);
    expectInert(el);
  });

  it('renders HTML in a question as text', async () => {
    const el = await readyChat();
    await ask(el, HOSTILE);
    await settle();
    expect(messageTexts(el)[1]).to.equal(HOSTILE);
    expectInert(el);
  });

  it('passes hostile TOOL params on as data, and the built-in card shows them inert', async () => {
    const el = await readyChat();
    const tools = record<TwinToolDetail>(el, 'twin-tool');
    await ask(el, 'What is your favourite tag?');
    await waitUntil(() => tools.length === 1);
    expect(tools[0]!.detail.params).to.deep.equal({ tag: HOSTILE });
    await settle();
    expectInert(el);
  });

  it('renders hostile app data inert in a built-in card', async () => {
    const el = await readyChat();
    await ask(el, 'Which rust projects do you have?');
    await waitUntil(() => el.querySelector(':scope > [slot]'), 'no card');
    await settle();
    const card = el.querySelector(':scope > [slot]')!;
    expect(card.textContent).to.contain(`Tidy ${HOSTILE}`);
    expect(card.querySelector('a[href^="javascript"]')).to.equal(null);
    expectInert(el);
  });

  it('renders hostile attribute values (banner, placeholder, model) as text', async () => {
    const errors = record(document.body, 'twin-error');
    const el = await fixture<TwinChat>(html`<twin-chat
      registry=${REGISTRY}
      banner=${HOSTILE}
      placeholder=${HOSTILE}
      model=${HOSTILE}
    ></twin-chat>`);
    await waitUntil(() => errors.length > 0);
    await el.updateComplete;
    await settle();
    expect(part(el, 'banner')!.textContent).to.equal(HOSTILE);
    expect((part(el, 'input') as HTMLTextAreaElement).placeholder).to.equal(HOSTILE);
    expect(noticeTexts(el)[0]).to.contain(HOSTILE);
    expectInert(el);
  });

  it('writes nothing to localStorage, sessionStorage, IndexedDB or cookies', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const el = await readyChat();
    await ask(el, 'Where do you live?');
    await ask(el, 'What are you building?');
    await waitUntil(() => el.querySelector(':scope > [slot]'));
    (part(el, 'clear') as HTMLButtonElement).click();
    expect(localStorage.length).to.equal(0);
    expect(sessionStorage.length).to.equal(0);
    expect(await indexedDB.databases()).to.deep.equal([]);
    expect(document.cookie).to.equal('');
  });

  it('requests only the registry, the manifest and the app data', async () => {
    const spy = spyOnFetch();
    const observed: string[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
        if (
          entry.initiatorType === 'fetch' ||
          entry.initiatorType === 'xmlhttprequest' ||
          entry.initiatorType === 'beacon'
        ) {
          observed.push(new URL(entry.name).pathname);
        }
      }
    });
    observer.observe({ type: 'resource' });
    try {
      const el = await readyChat();
      await ask(el, 'Where do you live?');
      await ask(el, 'Which rust projects do you have?');
      await waitUntil(() => el.querySelector(':scope > [slot]'));
      await settle();
    } finally {
      spy.restore();
      observer.disconnect();
    }
    const expected = [
      '/test/fixtures/twins/registry.json',
      '/test/fixtures/twins/test-twin/twin.json',
      '/test/fixtures/twins/test-twin/apps.json',
    ];
    expect(spy.urls.map((url) => url.pathname)).to.deep.equal(expected);
    expect(observed).to.deep.equal(expected);
  });
});
