import { expect, html, waitUntil } from '@open-wc/testing';
import { crashEngineWorkers } from '../support/workers.js';
import { TwinChat, type TwinErrorDetail } from '../../src/index.js';
import { REGISTRY, input, noticeTexts, part, parts, readyChat, record } from '../element/helpers.js';
import { askModel, modelChat, modelReady, type SuiteContext } from '../engines/model-helpers.js';
import { SLOW, chatTrees, hostileFixtures, injectedMarkup, reportPayloads, settle } from './hostile.js';

/** The attributes that pick where the twin comes from: each payload there gets a notice (tests below). */
const SOURCE_ATTRIBUTES = ['registry', 'model', 'apps', 'engine'];
/**
 * Every other attribute <twin-chat> reads, from the element's own declarations, so that one added later is
 * covered without anyone remembering to list it here.
 */
const DISPLAY_ATTRIBUTES = [...TwinChat.elementProperties]
  .filter(([, options]) => options.attribute !== false && !options.state)
  .map(([name, options]) => (typeof options.attribute === 'string' ? options.attribute : String(name).toLowerCase()))
  .filter((name) => !SOURCE_ATTRIBUTES.includes(name));
/** Checked after this many payloads, so a failure names a small range. */
const CHECK_EVERY = 25;

/** Waits for a twin-error with one of `codes` whose message quotes `quoted`, and checks it is on screen. */
async function expectNotice(
  el: TwinChat,
  errors: CustomEvent<TwinErrorDetail>[],
  codes: string,
  quoted: string,
): Promise<void> {
  await waitUntil(
    () => errors.some((error) => codes.split(' ').includes(error.detail.code) && error.detail.message.includes(quoted)),
    `no ${codes} notice quoting ${JSON.stringify(quoted)}`,
    SLOW,
  );
  await el.updateComplete;
  expect(
    noticeTexts(el).some((text) => text.includes(quoted)),
    `${codes} notice shown`,
  ).to.equal(true);
}

describe('hostile attribute values and notices that quote them', function (this: SuiteContext) {
  this.timeout(300000);

  const hostile = hostileFixtures();
  afterEach(() => crashEngineWorkers());

  it('renders every payload in every display attribute as text, the provenance labels included', async () => {
    expect(DISPLAY_ATTRIBUTES).to.include.members([
      'banner',
      'placeholder',
      'grounded-label',
      'improvised-label',
      'grounding-threshold',
    ]);
    // A model's reply, so that both markers show: the greeting is grounded (fixed text), and with a threshold no
    // score reaches, the reply is improvised.
    const { el, engines } = await modelChat({ engine: 'wasm' });
    await modelReady(el, engines);
    el.setAttribute('grounding-threshold', '2');
    await askModel(el, 'Where do you live?');
    const labels = () => ['grounded', 'improvised'].map((kind) => parts(el, kind).map((marker) => marker.textContent));
    expect(labels().map((shown) => shown.length)).to.deep.equal([1, 1]);
    const { person } = await (await fetch('/models/ada-twin/twin.json')).json();
    for (const [index, payload] of hostile.payloads.entries()) {
      for (const name of DISPLAY_ATTRIBUTES) el.setAttribute(name, payload);
      await el.updateComplete;
      expect(part(el, 'banner')!.textContent).to.equal(payload);
      expect(input(el).placeholder).to.equal(payload);
      const label = payload.replaceAll('{person}', person);
      expect(labels(), `labels for payload ${index}`).to.deep.equal([[label], [label]]);
      if ((index + 1) % CHECK_EVERY === 0) {
        await settle();
        expect(injectedMarkup(chatTrees(el)), `attributes up to payload ${index}`).to.deep.equal([]);
      }
    }
    await settle();
    expect(injectedMarkup(chatTrees(el))).to.deep.equal([]);
    reportPayloads(`attributes (${DISPLAY_ATTRIBUTES.join(', ')})`, hostile.payloads.length, hostile.watch);
  });

  it('quotes every payload in model, engine, apps and registry as text in its notice', async () => {
    const el = await readyChat(html`<twin-chat registry=${REGISTRY} engine="scripted"></twin-chat>`);
    const errors = record<TwinErrorDetail>(el, 'twin-error');
    for (const [index, payload] of hostile.payloads.entries()) {
      el.setAttribute('model', payload);
      await expectNotice(el, errors, 'unknown-model', `"${payload}"`);

      el.removeAttribute('model');
      el.setAttribute('engine', payload);
      el.setAttribute('apps', payload);
      await expectNotice(el, errors, 'unknown-engine', `"${payload}"`);
      // A payload that resolves to a page (say "#…") is reachable, but not JSON.
      await expectNotice(el, errors, 'apps-unreachable apps-invalid', new URL(payload, document.baseURI).href);

      // A data: URL keeps < > and quotes as they are, so the notice quotes the payload itself.
      const registry = `data:application/json,${payload}`;
      el.setAttribute('registry', registry);
      await expectNotice(el, errors, 'registry-invalid', new URL(registry).href);

      el.setAttribute('registry', REGISTRY);
      el.setAttribute('engine', 'scripted');
      el.removeAttribute('apps');
      errors.length = 0;
      if ((index + 1) % CHECK_EVERY === 0) {
        await settle();
        expect(injectedMarkup(chatTrees(el)), `notices up to payload ${index}`).to.deep.equal([]);
      }
    }
    await settle();
    expect(injectedMarkup(chatTrees(el))).to.deep.equal([]);
    reportPayloads(
      'notices quoting model ids, engine names, app data and registry URLs',
      hostile.payloads.length,
      hostile.watch,
    );
  });

  // "http://[/…" cannot be parsed (its host is "["): it used to throw inside the element's update and leave it blank.
  it('quotes every payload in an unparseable registry, apps or asset-base URL as text, and keeps the chat', async () => {
    const el = await readyChat(html`<twin-chat registry=${REGISTRY} engine="scripted"></twin-chat>`);
    const errors = record<TwinErrorDetail>(el, 'twin-error');
    for (const [index, payload] of hostile.payloads.entries()) {
      const url = `http://[/${payload}`;
      el.setAttribute('apps', url);
      await expectNotice(el, errors, 'apps-unreachable', `"${url}"`);
      el.removeAttribute('apps');
      el.setAttribute('registry', url);
      el.setAttribute('asset-base', url);
      await expectNotice(el, errors, 'registry-unreachable', `"${url}"`);
      el.setAttribute('registry', REGISTRY);
      el.removeAttribute('asset-base');
      errors.length = 0;
      if ((index + 1) % CHECK_EVERY === 0) {
        await settle();
        expect(injectedMarkup(chatTrees(el)), `notices up to payload ${index}`).to.deep.equal([]);
      }
    }
    await waitUntil(() => !part(el, 'progress'), 'the chat did not load again', SLOW);
    expect(!!input(el)).to.equal(true);
    reportPayloads('notices quoting unparseable URL attributes', hostile.payloads.length, hostile.watch);
  });
});
