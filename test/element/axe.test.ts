import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { AxeResults, RunOptions } from 'axe-core';
import type { TwinChat } from '../../src/index.js';
import { REGISTRY, ask, messageTexts, part } from './helpers.js';
import type { SuiteContext } from '../engines/model-helpers.js';

// axe-core's browser build registers itself as window.axe.
await import('axe-core/axe.min.js' as string);
const axe = (window as unknown as { axe: { run(context: Node, options: RunOptions): Promise<AxeResults> } }).axe;

/** Every rule axe has: WCAG 2.0–2.2 A and AA, best practices and the experimental ones, any impact. */
const ALL_RULES: RunOptions = {
  runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'experimental'],
};

/** A blog post as a page would be: titled, in a language, one main landmark with a heading, two chats and a launcher. */
async function blogPost(): Promise<TwinChat[]> {
  document.title = 'A post with twins';
  document.documentElement.lang = 'en';
  const main = await fixture(html`<main>
    <h1>A post</h1>
    <twin-chat registry=${REGISTRY}></twin-chat>
    <twin-chat registry=${REGISTRY}></twin-chat>
    <twin-chat registry=${REGISTRY} mode="launcher"></twin-chat>
  </main>`);
  const chats = [...main.querySelectorAll('twin-chat')];
  await waitUntil(() => chats.slice(0, 2).every((chat) => messageTexts(chat).length > 0), 'the chats never greeted');
  return chats;
}

async function violations(): Promise<string[]> {
  const results = await axe.run(document, ALL_RULES);
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

describe('<twin-chat> under axe-core, every rule and impact', function (this: SuiteContext) {
  this.timeout(60000);

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await setViewport({ width: 800, height: 600 });
  });

  it('finds nothing on the open chats, then on a finished conversation with a card, a decline and a note open, at phone and desktop sizes, light and dark', async () => {
    const [first, second, launcher] = await blogPost();
    expect(await violations(), 'open chats').to.deep.equal([]);
    await ask(first!, 'What are you building?');
    await waitUntil(() => first!.querySelector('[slot]'), 'no card');
    await ask(first!, 'What is the airspeed of a swallow?');
    await ask(second!, 'Where do you live?');
    (part(second!, 'provenance') as HTMLButtonElement).focus();
    launcher!.open = true;
    await waitUntil(() => messageTexts(launcher!).length > 0, 'the launcher never greeted');
    for (const [width, height] of [
      [390, 844],
      [1280, 800],
    ] as const) {
      await setViewport({ width, height });
      for (const colorScheme of ['light', 'dark'] as const) {
        await emulateMedia({ colorScheme });
        expect(await violations(), `${width}×${height} ${colorScheme}`).to.deep.equal([]);
      }
    }
  });
});
