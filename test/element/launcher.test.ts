import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TwinChat } from '../../src/index.js';
import { browserRequests } from '../audit/audit-helpers.js';
import { GREETING, REGISTRY, ask, engineLoaded, input, messageTexts, part, readyChat } from './helpers.js';
import { holdTimers } from './held-timers.js';

describe('<twin-chat mode="launcher">', () => {
  it('shows only a floating button until opened, and requests nothing before that', async () => {
    // Its own registry URL, so that its requests can be told from the open chat's below.
    const closedRegistry = `${REGISTRY}?closed-launcher`;
    await browserRequests(true);
    const requested = async () => (await browserRequests()).map(({ url }) => url);
    const timers = holdTimers();
    // Released whatever happens: a failed check with timers still held would stall the test runner itself.
    try {
      const el = await fixture<TwinChat>(html`<twin-chat mode="launcher" registry=${closedRegistry}></twin-chat>`);
      const launcher = part(el, 'launcher')!;
      expect(launcher.tagName).to.equal('BUTTON');
      expect(launcher.getAttribute('aria-expanded')).to.equal('false');
      expect(part(el, 'panel')!.hidden).to.equal(true);
      expect(getComputedStyle(part(el, 'panel')!).display).to.equal('none');
      expect(getComputedStyle(el).position).to.equal('fixed');
      // Not even the panel's own module: a closed launcher costs the page the element's script alone (had the
      // element started that import, `fixture`, which waits for `updateComplete`, would have waited for it too).
      expect((await requested()).filter((url) => url.includes('chat-panel'))).to.deep.equal([]);
      expect(part(el, 'input')).to.equal(null);
    } finally {
      // Anything the closed launcher put off, by any delay, starts now; then an open chat loads the same way. Once
      // the browser (through its driver, which sees every request) reports the open chat's registry request, a
      // request the closed launcher had started before it would be reported too.
      timers.runAll();
    }
    await readyChat(html`<twin-chat registry=${REGISTRY}></twin-chat>`);
    const openChats = new URL(REGISTRY, location.href).href;
    await waitUntil(async () => (await requested()).includes(openChats), "the open chat's request never showed", {
      timeout: 10000,
    });
    expect((await requested()).filter((url) => url.includes('closed-launcher'))).to.deep.equal([]);
  });

  it('opens with the button, focuses the input, and loads the twin', async () => {
    const el = await fixture<TwinChat>(html`<twin-chat mode="launcher" registry=${REGISTRY}></twin-chat>`);
    part(el, 'launcher')!.click();
    await el.updateComplete;
    expect(el.open).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(part(el, 'launcher')!.getAttribute('aria-expanded')).to.equal('true');
    expect(part(el, 'launcher')!.getAttribute('aria-controls')).to.equal(part(el, 'panel')!.id);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'input'));
    await engineLoaded(el);
  });

  it('closes with the button and with Esc, returning focus to the button', async () => {
    const el = await fixture<TwinChat>(html`<twin-chat mode="launcher" open registry=${REGISTRY}></twin-chat>`);
    await engineLoaded(el);
    part(el, 'input')!.focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'launcher'));
    expect(el.open).to.equal(false);
    expect(part(el, 'panel')!.hidden).to.equal(true);
    part(el, 'launcher')!.click();
    await el.updateComplete;
    part(el, 'launcher')!.click();
    await el.updateComplete;
    expect(el.open).to.equal(false);
  });

  it('keeps the conversation and a half-typed message across close and open', async () => {
    const el = await fixture<TwinChat>(html`<twin-chat mode="launcher" open registry=${REGISTRY}></twin-chat>`);
    await engineLoaded(el);
    await ask(el, 'Where do you live?');
    input(el).value = 'half-typed';
    el.open = false;
    await el.updateComplete;
    el.open = true;
    await el.updateComplete;
    expect(input(el).value).to.equal('half-typed');
    expect(messageTexts(el)).to.deep.equal([GREETING, 'Where do you live?', 'I live in Testville, by the sea.']);
  });
});
