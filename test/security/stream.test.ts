import { expect, html } from '@open-wc/testing';
import type { TwinChat } from '../../src/index.js';
import { ScriptedEngine } from '../../src/engines/scripted-engine.js';
import type { GenerateOptions } from '../../src/engines/engine.js';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { ask, messageTexts, readyChat } from '../element/helpers.js';
import type { SuiteContext } from '../engines/model-helpers.js';
import {
  batches,
  chatTrees,
  hostileFixtures,
  injectedMarkup,
  label,
  registryOf,
  reportPayloads,
  settle,
  testTwinManifest,
} from './hostile.js';

/** Payloads per reply: each reply streams ten of them, one per line. */
const PER_REPLY = 10;

const question = (index: number) => `Recite batch ${label(index)}`;

/** A chat whose twin knows one answer per batch of payloads, the payloads one per line. */
async function hostileChat(replies: readonly string[]): Promise<TwinChat> {
  const manifest = await testTwinManifest();
  manifest.knowledge = replies.map((reply, index) => ({ q: [question(index)], a: reply }));
  delete manifest.apps;
  return readyChat(
    html`<twin-chat registry=${registryOf([{ id: 'hostile-twin', manifest }])} engine="scripted"></twin-chat>`,
  );
}

describe('hostile model output, streamed', function (this: SuiteContext) {
  this.timeout(300000);

  const hostile = hostileFixtures();
  let runs: string[][];
  let replies: string[];
  beforeEach(() => {
    runs = batches(hostile.payloads, PER_REPLY);
    replies = runs.map((run) => run.join('\n'));
  });

  it('shows every payload as text when the reply streams word by word', async () => {
    const el = await hostileChat(replies);
    let tried = 0;
    for (const [index, reply] of replies.entries()) {
      await ask(el, question(index));
      expect(messageTexts(el).at(-1)).to.equal(reply.trimEnd());
      tried += runs[index]!.length;
      await settle();
      expect(injectedMarkup(chatTrees(el)), `reply ${index}`).to.deep.equal([]);
    }
    reportPayloads('streamed model output (word pieces)', tried, hostile.watch);
  });

  it('shows every payload as text when stream pieces cut it mid-tag', async () => {
    // The scripted engine streams whole words; a model's tokens cut anywhere ("<scr" + "ipt>"). This replays the
    // scripted engine's own reply in 1–4-character pieces, one rendered frame each, as a token stream arrives.
    const el = await hostileChat(replies);
    const midStream: string[] = [];
    const generate = ScriptedEngine.prototype.generate;
    ScriptedEngine.prototype.generate = async function (messages: readonly ChatMessage[], options: GenerateOptions) {
      const result = await generate.call(this, messages, { ...options, onText: () => undefined });
      for (let start = 0, size = 1; start < result.text.length; start += size, size = (size % 4) + 1) {
        options.onText(result.text.slice(start, start + size));
        await new Promise((resolve) => setTimeout(resolve));
        midStream.push(...injectedMarkup(chatTrees(el)));
      }
      return result;
    };
    let tried = 0;
    try {
      for (const [index, reply] of replies.entries()) {
        await ask(el, question(index));
        expect(messageTexts(el).at(-1)).to.equal(reply.trimEnd());
        tried += runs[index]!.length;
      }
    } finally {
      ScriptedEngine.prototype.generate = generate;
    }
    await settle();
    expect(midStream, 'markup while streaming').to.deep.equal([]);
    expect(injectedMarkup(chatTrees(el))).to.deep.equal([]);
    reportPayloads('streamed model output (1–4 character pieces)', tried, hostile.watch);
  });
});
