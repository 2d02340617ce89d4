import { expect, html, waitUntil } from '@open-wc/testing';
import type { TwinChat } from '../../src/index.js';
import { ask, messageTexts, part, readyChat } from '../element/helpers.js';
import type { SuiteContext } from '../engines/model-helpers.js';
import {
  batches,
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

/** Payloads per manifest: each hostile twin carries ten of them in its label, person and greeting. */
const PER_TWIN = 10;
/** A question no twin knows, so the reply quotes the person's name: "it isn't in <person>'s notes". */
const UNKNOWN_QUESTION = 'Zyxwv qorpt?';

describe('hostile manifest and registry fields', function (this: SuiteContext) {
  this.timeout(300000);

  const hostile = hostileFixtures();

  it('lists every payload as a registry id in the model picker, as text', async () => {
    const manifest = await testTwinManifest();
    delete manifest.apps;
    const shared = jsonUrl(manifest);
    const el = await readyChat(
      html`<twin-chat registry=${registryOf(hostile.payloads.map((id) => ({ id, manifest: shared })))} engine="scripted"></twin-chat>`,
    );
    const options = [...(part(el, 'model-picker') as HTMLSelectElement).options];
    expect(options.slice(0, -1).map((option) => option.textContent!.trim())).to.deep.equal(
      hostile.payloads.map((p) => p.trim()),
    );
    await settle();
    expect(injectedMarkup(chatTrees(el))).to.deep.equal([]);
    reportPayloads('registry ids in the model picker', hostile.payloads.length, hostile.watch);
  });

  it("shows payloads in a manifest's label, person and greeting as text", async () => {
    const base = await testTwinManifest();
    delete base.apps;
    const runs = batches(hostile.payloads, PER_TWIN).map((run) => run.join(' '));
    const twins = runs.map((text, index) => ({
      id: `twin-${index}`,
      manifest: { ...base, label: text, person: text, greeting: text },
    }));
    const el: TwinChat = await readyChat(html`<twin-chat registry=${registryOf(twins)} engine="scripted"></twin-chat>`);
    for (const [index, text] of runs.entries()) {
      el.model = `twin-${index}`;
      await waitUntil(
        () => el.shadowRoot!.querySelector('.title')!.textContent === text && messageTexts(el)[0] === text,
        `twin ${index} not shown`,
        SLOW,
      );
      await ask(el, UNKNOWN_QUESTION);
      expect(messageTexts(el).at(-1)).to.contain(`it isn't in ${text}'s notes`);
      expect(el.shadowRoot!.querySelector('.message.twin .visually-hidden')!.textContent).to.equal(`${text}:`);
      await settle();
      expect(injectedMarkup(chatTrees(el)), `twin ${index}`).to.deep.equal([]);
    }
    reportPayloads('manifest label, person and greeting', hostile.payloads.length, hostile.watch);
  });
});
