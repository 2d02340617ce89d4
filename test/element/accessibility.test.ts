import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { TwinChat } from '../../src/index.js';
import { GREETING, REGISTRY, ask, input, isGenerating, messageTexts, part, readyChat, type } from './helpers.js';

function liveRegion(el: TwinChat): HTMLElement {
  return el.shadowRoot!.querySelector('[role="status"]')!;
}

describe('<twin-chat> accessibility', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  it('has a log with role="log" whose own live announcements are off', async () => {
    const el = await readyChat();
    const log = part(el, 'log')!;
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-live')).to.equal('off');
    expect(log.getAttribute('aria-label')).to.equal('Conversation');
  });

  it('sets aria-busy on the log while a reply is generated', async () => {
    const el = await readyChat();
    expect(part(el, 'log')!.getAttribute('aria-busy')).to.equal('false');
    await type(el, 'Tell me a long story');
    expect(part(el, 'log')!.getAttribute('aria-busy')).to.equal('true');
    await waitUntil(() => !isGenerating(el), 'never finished', { timeout: 10000 });
    expect(part(el, 'log')!.getAttribute('aria-busy')).to.equal('false');
  });

  it('announces each finished reply exactly once in a polite live region, never the tokens', async () => {
    const el = await readyChat();
    const region = liveRegion(el);
    expect(region.getAttribute('aria-live')).to.equal('polite');
    const announced: string[] = [];
    const observer = new MutationObserver(() => {
      if (region.textContent!.trim()) announced.push(region.textContent!.trim());
    });
    observer.observe(region, { subtree: true, childList: true, characterData: true });
    await ask(el, 'Tell me a long story');
    await ask(el, 'Where do you live?');
    await ask(el, 'Where do you live?');
    observer.disconnect();
    const story = messageTexts(el)[2]!;
    expect(announced).to.deep.equal([story, 'I live in Testville, by the sea.', 'I live in Testville, by the sea.']);
  });

  it('labels every control and uses native buttons', async () => {
    const el = await readyChat();
    const root = el.shadowRoot!;
    for (const name of ['send', 'stop', 'clear', 'notice-dismiss']) {
      const button = part(el, name);
      if (button) expect(button.tagName, name).to.equal('BUTTON');
    }
    expect(part(el, 'send')!.textContent!.trim()).to.equal('Send');
    expect(part(el, 'stop')!.textContent!.trim()).to.equal('Stop');
    expect(part(el, 'clear')!.textContent!.trim()).to.equal('Clear chat');
    expect(root.querySelector(`label[for="${input(el).id}"]`)!.textContent).to.equal('Message');
    expect(part(el, 'panel')!.getAttribute('aria-label')).to.equal('Testa (test twin)');
    const who = [...root.querySelectorAll('[part~="message"] .visually-hidden')].map((label) => label.textContent);
    expect(who).to.deep.equal(['Testa:']);
  });

  it('works from the keyboard alone, with a visible focus ring', async () => {
    const el = await readyChat();
    const before = await fixture<HTMLButtonElement>(html`<button>before</button>`);
    el.before(before);
    before.focus();
    const order: string[] = [];
    for (let step = 0; step < 6; step += 1) {
      await sendKeys({ press: 'Tab' });
      const focused = el.shadowRoot!.activeElement as HTMLElement;
      order.push(focused.getAttribute('part')!);
      expect(getComputedStyle(focused).outlineStyle, `focus ring on ${focused.getAttribute('part')}`).to.equal('solid');
    }
    // The greeting's provenance marker sits in the log, between it and the input.
    expect(order).to.deep.equal(['model-picker', 'clear', 'speaker', 'log', 'provenance grounded', 'input']);
    await sendKeys({ type: 'Where do you live?' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => messageTexts(el).includes('I live in Testville, by the sea.'), 'no reply');
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
  });

  it('follows prefers-color-scheme: light and dark defaults', async () => {
    const el = await readyChat();
    const panel = part(el, 'panel')!;
    await emulateMedia({ colorScheme: 'light' });
    expect(getComputedStyle(panel).backgroundColor).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(getComputedStyle(panel).backgroundColor).to.equal('rgb(24, 24, 28)');
  });

  it('takes colours, radius and font from --twin-* custom properties', async () => {
    const el = await readyChat(html`<twin-chat
      registry=${REGISTRY}
      style="--twin-bg: rgb(1, 2, 3); --twin-radius: 3px; --twin-font: monospace; --twin-accent: rgb(9, 8, 7)"
    ></twin-chat>`);
    await emulateMedia({ colorScheme: 'dark' });
    const panel = getComputedStyle(part(el, 'panel')!);
    expect(panel.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(panel.borderTopLeftRadius).to.equal('3px');
    expect(getComputedStyle(el).fontFamily).to.equal('monospace');
    expect(getComputedStyle(part(el, 'send')!).backgroundColor).to.equal('rgb(9, 8, 7)');
  });

  it('honours prefers-reduced-motion', async () => {
    const el = await readyChat();
    await type(el, 'Tell me a long story');
    const caret = getComputedStyle(el.shadowRoot!.querySelector('.streaming .text')!, '::after');
    await emulateMedia({ reducedMotion: 'no-preference' });
    expect(caret.animationName).to.equal('blink');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(caret.animationName).to.equal('none');
    part(el, 'stop')!.click();
  });

  it('keeps the greeting out of the live region', async () => {
    const el = await readyChat();
    expect(messageTexts(el)).to.deep.equal([GREETING]);
    expect(liveRegion(el).textContent!.trim()).to.equal('');
  });
});
