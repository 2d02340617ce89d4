import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TwinChat, TwinEngineDetail, TwinErrorDetail, TwinProgressDetail } from '../../src/index.js';
import {
  BROKEN_REGISTRY,
  GREETING,
  REGISTRY,
  input,
  messageTexts,
  noticeTexts,
  part,
  readyChat,
  record,
  spyOnFetch,
  type,
} from './helpers.js';
import { ORT_ASSETS } from '../engines/model-helpers.js';

const FIXTURES = '/test/fixtures/twins';

/** Mounts a chat and waits for its first twin-error, returning the error and the element. */
async function failingChat(
  attributes: Record<string, string>,
): Promise<{ el: TwinChat; error: CustomEvent<TwinErrorDetail> }> {
  const errors: CustomEvent<TwinErrorDetail>[] = [];
  const el = document.createElement('twin-chat');
  el.addEventListener('twin-error', (event) => errors.push(event));
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await fixture<TwinChat>(html`<div></div>`).then((host) => host.append(el));
  await waitUntil(() => errors.length > 0, 'no twin-error');
  await el.updateComplete;
  return { el, error: errors[0]! };
}

function expectVisibleNotice(el: TwinChat, detail: TwinErrorDetail): void {
  const notice = part(el, 'notice')!;
  expect(notice, 'notice').to.exist;
  expect(notice.getAttribute('role')).to.equal('alert');
  expect(notice.dataset.code).to.equal(detail.code);
  expect(noticeTexts(el)).to.include(detail.message);
}

describe('<twin-chat> loading', () => {
  it('lists the registry models by label (the id where there is none) plus "scripted" in the model picker', async () => {
    const el = await readyChat();
    const picker = part(el, 'model-picker') as HTMLSelectElement;
    expect(picker.tagName).to.equal('SELECT');
    expect([...picker.options].map((option) => option.textContent!.trim())).to.deep.equal([
      'Test Twin (fixture)',
      'second-twin',
      'scripted (no model)',
    ]);
    expect(picker.selectedOptions[0]!.textContent!.trim()).to.equal('Test Twin (fixture)');
    expect(el.shadowRoot!.querySelector(`label[for="${picker.id}"]`)!.textContent).to.equal('Model');
  });

  it('switches twin from the picker, starting a new conversation with its greeting', async () => {
    const el = await readyChat();
    const picker = part(el, 'model-picker') as HTMLSelectElement;
    picker.value = 'model:second-twin';
    picker.dispatchEvent(new Event('change'));
    expect(el.model).to.equal('second-twin');
    await waitUntil(() => messageTexts(el)[0] === "Hello from Secunda's twin.", 'no second greeting');
    expect(messageTexts(el)).to.have.length(1);
  });

  it('sets engine="scripted" from the picker and back to auto when a model is picked', async () => {
    const el = await readyChat();
    const picker = part(el, 'model-picker') as HTMLSelectElement;
    picker.value = 'engine:scripted';
    picker.dispatchEvent(new Event('change'));
    expect(el.engine).to.equal('scripted');
    await el.updateComplete;
    expect(picker.selectedOptions[0]!.value).to.equal('engine:scripted');
    picker.value = 'model:test-twin';
    picker.dispatchEvent(new Event('change'));
    expect(el.engine).to.equal('auto');
  });

  it('emits twin-progress and twin-engine (bubbling, composed), then greets', async () => {
    const progress: CustomEvent<TwinProgressDetail>[] = [];
    const engines: CustomEvent<TwinEngineDetail>[] = [];
    const host = await fixture<HTMLDivElement>(html`<div
      @twin-progress=${(event: CustomEvent<TwinProgressDetail>) => progress.push(event)}
      @twin-engine=${(event: CustomEvent<TwinEngineDetail>) => engines.push(event)}
    ></div>`);
    const el = document.createElement('twin-chat');
    el.registry = REGISTRY;
    host.append(el);
    await waitUntil(() => engines.length === 1, 'no twin-engine');
    expect(engines[0]!.bubbles && engines[0]!.composed).to.equal(true);
    // Every engine setting resolves to the scripted engine until the model engines land.
    expect(engines[0]!.detail).to.deep.equal({ engine: 'scripted', device: 'none' });
    expect(progress.every((event) => event.bubbles && event.composed)).to.equal(true);
    const phases = progress.map((event) => event.detail.phase);
    expect(phases.slice(0, 2)).to.deep.equal(['registry', 'manifest']);
    expect(phases).to.include('apps').and.include('ready');
    for (const { detail } of progress) expect(detail.loaded).to.be.at.most(detail.total);
    await waitUntil(() => messageTexts(el)[0] === GREETING);
  });

  it('resolves manifest and apps URLs against the registry and the manifest', async () => {
    const spy = spyOnFetch();
    try {
      await readyChat();
    } finally {
      spy.restore();
    }
    expect(spy.urls.map((url) => url.pathname)).to.deep.equal([
      `${FIXTURES}/registry.json`,
      `${FIXTURES}/test-twin/twin.json`,
      `${FIXTURES}/test-twin/apps.json`,
    ]);
  });

  it('asks for no GPU adapter with engine="scripted" or "wasm", and does with auto', async () => {
    const requests: string[] = [];
    // A stand-in adapter source on this page, so the count does not depend on the test browser's GPU.
    Object.defineProperty(navigator, 'gpu', {
      configurable: true,
      value: { requestAdapter: async () => (requests.push('adapter'), null) },
    });
    try {
      for (const engine of ['scripted', 'wasm', 'auto']) {
        requests.length = 0;
        const el = await readyChat(html`<twin-chat registry=${REGISTRY} engine=${engine}></twin-chat>`);
        await waitUntil(() => part(el, 'engine'), `no engine with engine="${engine}"`);
        expect(requests, engine).to.deep.equal(engine === 'auto' ? ['adapter'] : []);
      }
    } finally {
      delete (navigator as { gpu?: unknown }).gpu;
    }
  });

  it('reports an unknown model id, and keeps what the visitor typed', async () => {
    const { el, error } = await failingChat({ registry: REGISTRY, model: 'no-such-twin' });
    expect(error.detail.code).to.equal('unknown-model');
    expect(error.bubbles && error.composed).to.equal(true);
    expect(error.detail.message).to.contain('"no-such-twin"').and.contain(`${FIXTURES}/registry.json`);
    expectVisibleNotice(el, error.detail);
    await type(el, 'Where do you live?');
    expect(input(el).value).to.equal('Where do you live?');
    expect(noticeTexts(el).join(' ')).to.contain('still in the box');
  });

  it('reports an unreachable registry (HTTP 404)', async () => {
    const { el, error } = await failingChat({ registry: `${FIXTURES}/no-such-registry.json` });
    expect(error.detail.code).to.equal('registry-unreachable');
    expect(error.detail.message).to.contain('no-such-registry.json').and.contain('404');
    expectVisibleNotice(el, error.detail);
  });

  it('reports a registry on a host that cannot be reached', async () => {
    const { el, error } = await failingChat({ registry: 'http://127.0.0.1:9/registry.json' });
    expect(error.detail.code).to.equal('registry-unreachable');
    expect(error.detail.message).to.contain('http://127.0.0.1:9/registry.json');
    expectVisibleNotice(el, error.detail);
  });

  it('reports a registry that is not JSON', async () => {
    const { el, error } = await failingChat({ registry: `${FIXTURES}/registry-not-json.json` });
    expect(error.detail.code).to.equal('registry-invalid');
    expect(error.detail.message).to.contain('registry-not-json.json').and.contain('not valid JSON');
    expectVisibleNotice(el, error.detail);
  });

  it('reports a registry that is JSON of the wrong shape', async () => {
    const { el, error } = await failingChat({ registry: `${FIXTURES}/registry-not-array.json` });
    expect(error.detail.code).to.equal('registry-invalid');
    expect(error.detail.message).to.contain('not a JSON array');
    expectVisibleNotice(el, error.detail);
  });

  it('reports an unreachable manifest', async () => {
    const { el, error } = await failingChat({ registry: BROKEN_REGISTRY, model: 'manifest-missing' });
    expect(error.detail.code).to.equal('manifest-unreachable');
    expect(error.detail.message).to.contain(`${FIXTURES}/broken/no-such-twin.json`);
    expectVisibleNotice(el, error.detail);
  });

  it('reports a manifest that is not JSON', async () => {
    const { el, error } = await failingChat({ registry: BROKEN_REGISTRY, model: 'manifest-not-json' });
    expect(error.detail.code).to.equal('manifest-invalid');
    expect(error.detail.message).to.contain('broken/not-json.json').and.contain('not valid JSON');
    expectVisibleNotice(el, error.detail);
  });

  it('reports a manifest with missing and wrong fields, naming them', async () => {
    const { el, error } = await failingChat({ registry: BROKEN_REGISTRY, model: 'manifest-invalid' });
    expect(error.detail.code).to.equal('manifest-invalid');
    expect(error.detail.message)
      .to.contain('broken/invalid-manifest.json')
      .and.contain('"schema" must be 1')
      .and.contain('"system" must be a string')
      .and.contain('"architecture"');
    expectVisibleNotice(el, error.detail);
  });

  it('reports unreachable app data from the manifest, and still chats', async () => {
    const { el, error } = await failingChat({ registry: BROKEN_REGISTRY, model: 'apps-missing' });
    expect(error.detail.code).to.equal('apps-unreachable');
    expect(error.detail.message).to.contain(`${FIXTURES}/broken/no-such-apps.json`);
    expectVisibleNotice(el, error.detail);
    await waitUntil(() => !part(el, 'progress'));
    await type(el, 'Where do you live?');
    await waitUntil(() => messageTexts(el).includes('Nowhere.'), 'no reply');
  });

  it('reports app data that is not JSON', async () => {
    const { el, error } = await failingChat({ registry: REGISTRY, apps: `${FIXTURES}/broken/apps-not-json.json` });
    expect(error.detail.code).to.equal('apps-invalid');
    expect(error.detail.message).to.contain('apps-not-json.json').and.contain('not valid JSON');
    expectVisibleNotice(el, error.detail);
  });

  it('reports app data of the wrong shape', async () => {
    const { el, error } = await failingChat({ registry: REGISTRY, apps: `${FIXTURES}/broken/apps-invalid.json` });
    expect(error.detail.code).to.equal('apps-invalid');
    expect(error.detail.message).to.contain('apps.projects is not a list');
    expectVisibleNotice(el, error.detail);
  });

  it('names the field of app data that is wrong deep inside, when it loads, and still answers', async () => {
    const apps = await (await fetch(`${FIXTURES}/test-twin/apps.json`)).json();
    apps.projects[1].tags = 'rust, maps';
    const url = URL.createObjectURL(new Blob([JSON.stringify(apps)], { type: 'application/json' }));
    const { el, error } = await failingChat({ registry: REGISTRY, apps: url });
    expect(error.detail.code).to.equal('apps-invalid');
    expect(error.detail.message).to.contain('apps.projects[1].tags is not a list');
    await waitUntil(() => !part(el, 'progress'));
    await type(el, 'Where do you live?');
    await waitUntil(() => messageTexts(el).length === 3, 'no answer');
  });

  it('reports an engine setting it does not know, and answers with auto', async () => {
    const { el, error } = await failingChat({ registry: REGISTRY, engine: 'quantum' });
    expect(error.detail.code).to.equal('unknown-engine');
    expectVisibleNotice(el, error.detail);
    await waitUntil(() => !part(el, 'progress'));
    await type(el, 'Where do you live?');
    await waitUntil(() => messageTexts(el).includes('I live in Testville, by the sea.'), 'no reply');
  });

  it('clears a load notice once the attribute is fixed', async () => {
    const { el } = await failingChat({ registry: REGISTRY, model: 'no-such-twin' });
    el.model = 'test-twin';
    await waitUntil(() => messageTexts(el)[0] === GREETING);
    expect(part(el, 'notice')).to.equal(null);
  });

  it('lets a notice be dismissed', async () => {
    const { el } = await failingChat({ registry: REGISTRY, model: 'no-such-twin' });
    (part(el, 'notice-dismiss') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(part(el, 'notice')).to.equal(null);
  });

  it('uses models/registry.json in the assets folder when no registry is given, once the folder is recognised', async () => {
    const spy = spyOnFetch();
    try {
      const errors = record<TwinErrorDetail>(document.body, 'twin-error');
      const el = await fixture<TwinChat>(html`<twin-chat asset-base=${ORT_ASSETS}></twin-chat>`);
      await waitUntil(() => errors.length > 0 || messageTexts(el).length > 0);
    } finally {
      spy.restore();
    }
    const assets = new URL(ORT_ASSETS, location.href).href;
    expect(spy.urls.map((url) => url.href).slice(0, 2)).to.deep.equal([
      `${assets}twin-chat-assets.json`,
      `${assets}models/registry.json`,
    ]);
  });

  it('names asset-base in one error when the assets are not beside the script, as after an app bundler', async () => {
    // Unbundled, "beside the script" is src/engines/assets/, which holds no assets: what a bundled app sees.
    const errors = record<TwinErrorDetail>(document.body, 'twin-error');
    const el = await fixture<TwinChat>(html`<twin-chat></twin-chat>`);
    await waitUntil(() => errors.length > 0);
    expect(errors.map((error) => error.detail.code)).to.deep.equal(['assets-unreachable']);
    const { message } = errors[0]!.detail;
    expect(message).to.contain(new URL('../../src/engines/assets/', import.meta.url).href);
    expect(message).to.contain('asset-base');
    expect(part(el, 'notice')!.textContent).to.contain('asset-base');
  });
});
