import { expect, fixture, html } from '@open-wc/testing';
import { DEFAULT_BANNER, TwinChat } from '../../src/index.js';
import { REGISTRY, part, readyChat } from './helpers.js';

describe('<twin-chat> attributes and parts', () => {
  it('is defined by the package entry', () => {
    expect(customElements.get('twin-chat')).to.equal(TwinChat);
  });

  it('reflects every attribute into its property', async () => {
    const el = await fixture<TwinChat>(html`<twin-chat
      model="second-twin"
      registry=${REGISTRY}
      apps="/test/fixtures/twins/test-twin/apps.json"
      engine="scripted"
      banner="Careful now."
      placeholder="Say hi"
      max-history="4"
      max-history-chars="300"
      asset-base="/assets/"
      mode="launcher"
      open
    ></twin-chat>`);
    expect(el.model).to.equal('second-twin');
    expect(el.registry).to.equal(REGISTRY);
    expect(el.apps).to.equal('/test/fixtures/twins/test-twin/apps.json');
    expect(el.engine).to.equal('scripted');
    expect(el.banner).to.equal('Careful now.');
    expect(el.placeholder).to.equal('Say hi');
    expect(el.maxHistory).to.equal(4);
    expect(el.maxHistoryChars).to.equal(300);
    expect(el.assetBase).to.equal('/assets/');
    expect(el.mode).to.equal('launcher');
    expect(el.open).to.equal(true);
  });

  it('has documented defaults', async () => {
    const el = await fixture<TwinChat>(html`<twin-chat registry=${REGISTRY}></twin-chat>`);
    expect(el.banner).to.equal(DEFAULT_BANNER);
    expect(DEFAULT_BANNER).to.equal('This on-device AI will lie, confidently.');
    expect(el.engine).to.equal('auto');
    expect(el.mode).to.equal('inline');
    expect(el.open).to.equal(false);
    expect(el.maxHistory).to.be.a('number');
    expect(el.maxHistoryChars).to.be.a('number');
  });

  it('reflects mode, open, model, engine and speech back to attributes, so page CSS can select on them', async () => {
    const el = await fixture<TwinChat>(html`<twin-chat registry=${REGISTRY}></twin-chat>`);
    el.mode = 'launcher';
    el.open = true;
    el.model = 'second-twin';
    el.engine = 'scripted';
    el.speech = 'off';
    await el.updateComplete;
    expect(el.getAttribute('mode')).to.equal('launcher');
    expect(el.hasAttribute('open')).to.equal(true);
    expect(el.getAttribute('model')).to.equal('second-twin');
    expect(el.getAttribute('engine')).to.equal('scripted');
    expect(el.getAttribute('speech')).to.equal('off');
    el.open = false;
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.equal(false);
  });

  it('shows banner and placeholder from attributes, and updates them live', async () => {
    const el = await fixture<TwinChat>(html`<twin-chat registry=${REGISTRY} placeholder="Ask away"></twin-chat>`);
    expect(part(el, 'banner')!.textContent!.trim()).to.equal(DEFAULT_BANNER);
    expect((part(el, 'input') as HTMLTextAreaElement).placeholder).to.equal('Ask away');
    el.setAttribute('banner', 'Mind the gaps.');
    await el.updateComplete;
    expect(part(el, 'banner')!.textContent!.trim()).to.equal('Mind the gaps.');
    el.banner = '';
    await el.updateComplete;
    expect(part(el, 'banner')).to.equal(null);
  });

  it('puts a part on every visible piece', async () => {
    const el = await readyChat();
    for (const name of [
      'panel',
      'header',
      'banner',
      'model-picker',
      'log',
      'composer',
      'input',
      'send',
      'stop',
      'clear',
    ]) {
      expect(part(el, name), name).to.exist;
    }
    const greeting = part(el, 'message')!;
    expect(greeting.getAttribute('part')).to.equal('message twin');
    // Hold-to-talk: shown where the browser can record (Chromium here), with its name and state.
    expect(part(el, 'mic')!.getAttribute('aria-label')).to.equal('Hold to talk');
    expect(part(el, 'mic')!.getAttribute('aria-pressed')).to.equal('false');
  });

  it('shows a progress part while loading', async () => {
    const el = await fixture<TwinChat>(html`<twin-chat registry=${REGISTRY}></twin-chat>`);
    expect(part(el, 'progress')).to.exist;
    expect(part(el, 'progress')!.tagName).to.equal('PROGRESS');
  });
});
