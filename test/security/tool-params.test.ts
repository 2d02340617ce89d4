import { expect, html, waitUntil } from '@open-wc/testing';
import type { TwinChat, TwinToolDetail } from '../../src/index.js';
import { ask, messageTexts, readyChat, record } from '../element/helpers.js';
import type { SuiteContext } from '../engines/model-helpers.js';
import {
  chatTrees,
  hostileFixtures,
  injectedMarkup,
  label,
  registryOf,
  reportPayloads,
  settle,
  SLOW,
  testTwinManifest,
} from './hostile.js';

/** Cards pile up in the light DOM; the chat is cleared after this many, once they have been checked. */
const CARDS_PER_CLEAR = 25;

const question = (index: number) => `Show tag ${label(index)}`;

/** A twin that answers question(i) with a sentence and a TOOL line built by `toolLine(payload i)`. */
async function toolChat(payloads: readonly string[], toolLine: (payload: string) => string): Promise<TwinChat> {
  const manifest = await testTwinManifest();
  manifest.knowledge = payloads.map((payload, index) => ({ q: [question(index)], a: `Tagged.\n${toolLine(payload)}` }));
  // The projects card needs app data to show at all; blob: manifests cannot resolve a relative URL.
  manifest.apps = new URL('/test/fixtures/twins/test-twin/apps.json', location.href).href;
  return readyChat(
    html`<twin-chat registry=${registryOf([{ id: 'tool-twin', manifest }])} engine="scripted"></twin-chat>`,
  );
}

describe('hostile TOOL params', function (this: SuiteContext) {
  this.timeout(300000);

  const hostile = hostileFixtures();

  it('passes every payload on as a param and shows it as text in the card', async () => {
    const el = await toolChat(
      hostile.payloads,
      (tag) => `TOOL ${JSON.stringify({ app: 'projects', params: { tag } })}`,
    );
    const tools = record<TwinToolDetail>(el, 'twin-tool');
    for (const [index, payload] of hostile.payloads.entries()) {
      await ask(el, question(index));
      await waitUntil(() => tools.length === index + 1, `no card for payload ${index}`, SLOW);
      expect(tools[index]!.detail.params).to.deep.equal({ tag: payload });
      const title = () => el.querySelector(`[slot="${tools[index]!.detail.slot}"] .twin-card__title`);
      await waitUntil(title, `card ${index} not shown`, SLOW);
      expect(title()!.textContent).to.equal(`Projects tagged “${payload}”`);
      // Shown, in the reply's bubble: its slot holds the card.
      expect(title()!.closest('[slot]')!.assignedSlot, `card ${index} in a bubble`).to.not.equal(null);
      expect(messageTexts(el).at(-1)).to.equal('Tagged.');
      if ((index + 1) % CARDS_PER_CLEAR === 0 || index === hostile.payloads.length - 1) {
        await settle();
        expect(injectedMarkup(chatTrees(el)), `cards up to payload ${index}`).to.deep.equal([]);
        el.clear();
      }
    }
    reportPayloads('TOOL params', hostile.payloads.length, hostile.watch);
  });

  it('drops a TOOL line made of a payload and never shows it', async () => {
    const el = await toolChat(hostile.payloads, (payload) => `TOOL ${payload}`);
    for (const [index] of hostile.payloads.entries()) {
      await ask(el, question(index));
      // The reply is there, its sentence first (a payload with a line break leaves its later lines as text).
      const [asked, reply] = messageTexts(el).slice(-2);
      expect(asked).to.equal(question(index));
      expect(reply!.startsWith('Tagged.'), `reply ${index} shown`).to.equal(true);
      expect(reply).to.not.match(/^\s*TOOL/m);
    }
    await settle();
    expect(injectedMarkup(chatTrees(el))).to.deep.equal([]);
    reportPayloads('TOOL lines made of payloads', hostile.payloads.length, hostile.watch);
  });
});
