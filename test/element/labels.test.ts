import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TwinChat, TwinErrorDetail } from '../../src/index.js';
import { DEFAULT_LABELS, type LabelKey, type Labels } from '../../src/element/labels.js';
import { REGISTRY, ask, isGenerating, messageTexts, noticeTexts, part, type } from './helpers.js';

/**
 * Every label in another "language": a numbered word in small capitals, with the default's `{markers}` kept, so
 * no replaced label holds an English word.
 */
const foreign = Object.fromEntries(
  Object.entries(DEFAULT_LABELS).map(([key, value], index) => [
    key,
    `ʟᴀʙᴇʟ${index} ${(value.match(/\{\w+\}/g) ?? []).join(' ')}`.trim(),
  ]),
) as Labels;
const filled = (key: LabelKey, person: string) => foreign[key].replace('{person}', person);

/** The defaults worth looking for: whole words, markers cut out. */
const english = Object.entries(DEFAULT_LABELS)
  .flatMap(([key, value]) => value.split(/\{\w+\}/).map((piece) => [key, piece.trim()] as const))
  .filter(([, piece]) => piece.replace(/\W/g, '').length > 3);

/** What the element shows and says: its shadow tree's text, and the names and hints on its elements. */
function shownAndSaid(el: TwinChat): string {
  const root = el.shadowRoot!;
  const attributes = [...root.querySelectorAll('*')].flatMap((node) =>
    ['aria-label', 'title', 'aria-valuetext'].map((name) => node.getAttribute(name) ?? ''),
  );
  return [root.textContent ?? '', ...attributes].join('\n');
}

function expectNoEnglish(el: TwinChat, moment: string): void {
  const said = shownAndSaid(el);
  for (const [key, piece] of english) {
    const at = said.indexOf(piece);
    expect(at, `${moment}: "${piece}" (${key}) shown in English: …${said.slice(at - 60, at + 60)}…`).to.equal(-1);
  }
}

describe('<twin-chat> labels: every word replaceable', () => {
  it('shows and announces no English default once every label is replaced, from load to a finished conversation', async () => {
    const el = document.createElement('twin-chat');
    el.registry = REGISTRY;
    el.labels = foreign;
    el.style.setProperty('--twin-height', '16rem');
    await fixture(html`<div></div>`).then((host) => host.append(el));
    await el.updateComplete;
    // Loading: the progress row, and a question waiting for the twin.
    await type(el, 'Where do you live?');
    expectNoEnglish(el, 'loading');
    await waitUntil(() => !isGenerating(el), 'the waiting question was never answered');
    await ask(el, 'What are you building?');
    await ask(el, 'What is the airspeed of a swallow?');
    // A note open, and new messages below a visitor who scrolled up.
    (part(el, 'provenance') as HTMLButtonElement).focus();
    await waitUntil(() => el.shadowRoot!.querySelector('.provenance-note:not([hidden])'), 'no note');
    await type(el, 'Tell me a long story');
    part(el, 'log')!.scrollTop = 0;
    await waitUntil(() => part(el, 'new-messages'), 'no new-messages button');
    expectNoEnglish(el, 'a conversation');
    expect(shownAndSaid(el)).to.contain(foreign.newMessages).and.contain(foreign.clear).and.contain(foreign.send);
    part(el, 'stop')!.click();
    el.remove();
  });

  it('replaces the launcher button and the screen-reader speaker names too', async () => {
    const el = await fixture<TwinChat>(
      html`<twin-chat registry=${REGISTRY} mode="launcher" .labels=${foreign}></twin-chat>`,
    );
    // Before the manifest has loaded, "the twin" stands for the person's name.
    expect(part(el, 'launcher')!.textContent!.trim()).to.equal(filled('openChat', foreign.someone));
    part(el, 'launcher')!.click();
    await waitUntil(() => messageTexts(el).length > 0, 'no greeting');
    await ask(el, 'Where do you live?');
    expect(part(el, 'launcher')!.textContent!.trim()).to.equal(foreign.closeChat);
    const speakers = [...el.shadowRoot!.querySelectorAll('[part~="message"] .visually-hidden')].map(
      (label) => label.textContent,
    );
    const twin = filled('twinSpeaker', 'Testa');
    expect(speakers).to.deep.equal([twin, foreign.you, twin]);
    expectNoEnglish(el, 'launcher');
  });

  it('takes labels as JSON in the attribute, keeps the defaults for keys left out, and names a key it does not know', async () => {
    const errors: CustomEvent<TwinErrorDetail>[] = [];
    const el = await fixture<TwinChat>(html`<twin-chat
      registry=${REGISTRY}
      labels=${JSON.stringify({ clear: 'Leeren', sendd: 'Senden', stop: 3 })}
      @twin-error=${(event: CustomEvent<TwinErrorDetail>) => errors.push(event)}
    ></twin-chat>`);
    await el.updateComplete;
    expect(part(el, 'clear')!.textContent!.trim()).to.equal('Leeren');
    expect(part(el, 'send')!.textContent!.trim()).to.equal(DEFAULT_LABELS.send);
    expect(errors.map((error) => error.detail.code)).to.deep.equal(['labels-invalid']);
    expect(noticeTexts(el)[0]).to.contain('"sendd"').and.contain('"stop"');
    el.setAttribute('labels', '{"clear": "Vider"}');
    await el.updateComplete;
    expect(part(el, 'clear')!.textContent!.trim()).to.equal('Vider');
    expect(noticeTexts(el)).to.deep.equal([]);
    el.setAttribute('labels', 'not json');
    await el.updateComplete;
    expect(noticeTexts(el)[0]).to.contain('JSON object');
  });

  it('lists every label in the README table, with its default', async () => {
    const readme = await (await fetch('/README.md')).text();
    for (const [key, value] of Object.entries(DEFAULT_LABELS) as [LabelKey, string][])
      expect(readme, key).to.contain(`| \`${key}\` | ${value.replaceAll('|', '\\|')} |`);
  });
});

describe('<twin-chat> right-to-left text', () => {
  it('gives every message dir="auto", so a reply in Arabic or Hebrew reads right to left', async () => {
    const el = await fixture<TwinChat>(html`<twin-chat registry=${REGISTRY}></twin-chat>`);
    await waitUntil(() => messageTexts(el).length > 0, 'no greeting');
    await ask(el, 'مرحبا، أين تعيش؟');
    const texts = [...el.shadowRoot!.querySelectorAll('[part~="message"] .text')];
    expect(texts.length).to.equal(3);
    for (const text of texts) expect(text.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(texts[1]!).direction).to.equal('rtl');
  });
});

describe("<twin-chat> and the page's language", () => {
  afterEach(() => document.documentElement.removeAttribute('lang'));

  it("takes the page's lang, so screen readers and hyphenation read its labels in that language", async () => {
    document.documentElement.lang = 'de';
    const el = await fixture<TwinChat>(
      html`<twin-chat registry=${REGISTRY} .labels=${{ send: 'Senden' }}></twin-chat>`,
    );
    await waitUntil(() => messageTexts(el).length > 0, 'no greeting');
    for (const name of ['panel', 'send', 'log']) expect(part(el, name)!.matches(':lang(de)'), name).to.equal(true);
  });
});
