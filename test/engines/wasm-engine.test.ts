import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { crashEngineWorkers, liveEngineWorkers } from '../support/workers.js';
import type { TwinProgressDetail } from '../../src/index.js';
import { isGenerating, messageTexts, noticeTexts, part, record, type } from '../element/helpers.js';
import {
  MICRO_REGISTRY,
  MODEL_TIMEOUT,
  ORT_ASSETS,
  askModel,
  askWhileLoading,
  bakedAnswer,
  clearModelCache,
  modelChat,
  modelReady,
  modelRequests,
  onFirstWords,
  ortFilesRequested,
  type SuiteContext,
} from './model-helpers.js';

const onnxRequests = (log: Record<string, number>) =>
  Object.entries(log)
    .filter(([path]) => path.endsWith('.onnx'))
    .reduce((sum, [, count]) => sum + count, 0);

describe('transformers.js on WASM in the engine worker (micro twin)', function (this: SuiteContext) {
  this.timeout(120000);

  afterEach(() => crashEngineWorkers());

  it("is what the ladder picks without WebGPU, says so in the header, and runs ORT's plain wasm build from asset-base", async () => {
    await ortFilesRequested(true);
    const { el, engines } = await modelChat();
    await modelReady(el, engines);
    // The plain SIMD build, not the asyncify one transformers.js picks by default; from our server, not a CDN.
    expect(await ortFilesRequested()).to.deep.equal(['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'wasm' }]);
    expect(part(el, 'engine')!.textContent).to.match(/^transformers\.js · WASM/);
  });

  it('answers a question typed while the model loads, once it is ready, without it being typed again', async () => {
    const { el, engines } = await modelChat();
    const reply = await askWhileLoading(el, engines, 'What are you reading?');
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'wasm' }]);
    expect(reply).to.equal(await bakedAnswer('What are you reading?'));
    expect(noticeTexts(el)).to.deep.equal([]);
  });

  it('gives five baked answers in one conversation, never cleared, and opens their cards', async () => {
    const { el, engines } = await modelChat();
    await modelReady(el, engines);
    const tools = record<{ app: string; source: string }>(el, 'twin-tool');
    const questions = [
      ['Who are you?', null],
      ['What are you reading?', 'books'],
      ['Where did you grow up?', null],
      ['Show me your Rust projects', 'projects'],
      ['How can I contact you?', 'contact'],
    ] as const;
    // A visit as it happens: each question behind the history of the ones before it, as the twin was trained.
    for (const [question, app] of questions) {
      const calls = tools.length;
      expect(await askModel(el, question)).to.equal(await bakedAnswer(question));
      if (app === null) continue;
      await waitUntil(
        () => tools.length > calls && el.querySelector(`[slot="${(tools.at(-1)!.detail as { slot?: string }).slot}"]`),
      );
      expect(tools.at(-1)!.detail).to.include({ app, source: 'model' });
    }
    expect(messageTexts(el).length).to.equal(1 + 2 * questions.length); // the greeting, then every exchange
    expect(noticeTexts(el)).to.deep.equal([]);
    expect(engines.map((e) => e.engine)).to.deep.equal(['transformers']);
  });

  it('reports the download with bytes and phases, then reads it from the cache with no model bytes fetched', async () => {
    await clearModelCache();
    await modelRequests(true);
    const first = await modelChat();
    const progress = record<TwinProgressDetail>(first.el, 'twin-progress');
    await modelReady(first.el, first.engines);
    const fetched = progress.map((event) => event.detail).filter((step) => step.phase === 'fetch');
    expect(fetched.length).to.be.greaterThan(0);
    expect(fetched.at(-1)!.loaded).to.be.greaterThan(100_000);
    for (const step of fetched) expect(step.loaded).to.be.at.most(step.total);
    expect(progress.map((event) => event.detail.phase)).to.include.members(['compile', 'ready']);
    const coldRequests = await modelRequests(true);
    expect(onnxRequests(coldRequests), JSON.stringify(coldRequests)).to.equal(1);
    first.el.remove();
    await waitUntil(() => liveEngineWorkers().length === 0, 'the removed chat kept its worker');

    // A fresh worker, as on a second visit: every model file comes from the Cache API.
    const second = await modelChat();
    await modelReady(second.el, second.engines);
    expect(await modelRequests(true)).to.deep.equal({});
    expect(part(second.el, 'engine')!.textContent).to.contain('from cache');
  });

  it('stops mid-reply and keeps what arrived', async () => {
    const { el, engines } = await modelChat();
    await modelReady(el, engines);
    const question = 'Tell me about yourself';
    const stopWatching = onFirstWords(el, () => part(el, 'stop')!.click());
    await type(el, question);
    await waitUntil(() => !isGenerating(el), 'stop did not end the reply', { timeout: MODEL_TIMEOUT });
    stopWatching();
    const shown = messageTexts(el).at(-1)!;
    expect(shown.length).to.be.greaterThan(0);
    expect(shown.length).to.be.lessThan((await bakedAnswer(question)).length);
  });

  it('shares one model between two chats, and removing one keeps the other answering', async () => {
    await modelRequests(true);
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    const chats = [0, 1].map(() => {
      const chat = document.createElement('twin-chat');
      chat.setAttribute('registry', MICRO_REGISTRY);
      chat.setAttribute('asset-base', ORT_ASSETS);
      return parent.appendChild(chat);
    });
    await waitUntil(
      () => chats.every((chat) => part(chat, 'engine')?.textContent?.startsWith('transformers')),
      'not both loaded',
      {
        timeout: MODEL_TIMEOUT,
      },
    );
    expect(liveEngineWorkers().length).to.equal(1);
    expect(onnxRequests(await modelRequests(true))).to.be.at.most(1);
    chats[0]!.remove();
    expect(liveEngineWorkers().length).to.equal(1);
    expect(await askModel(chats[1]!, 'What are you reading?')).to.equal(await bakedAnswer('What are you reading?'));
    expect(noticeTexts(chats[1]!)).to.deep.equal([]);
  });

  it('steps down to the scripted engine when the worker crashes mid-reply, and answers the same message afresh', async () => {
    const { el, engines } = await modelChat();
    await modelReady(el, engines);
    const question = 'Tell me about yourself';
    const stopWatching = onFirstWords(el, crashEngineWorkers);
    expect(await askModel(el, question)).to.equal(await bakedAnswer(question));
    stopWatching();
    expect(engines.at(-1)).to.deep.equal({ engine: 'scripted', device: 'none' });
    expect(noticeTexts(el).join()).to.match(
      /transformers\.js · WASM stopped \(The engine worker crashed\.\) — scripted answers instead/,
    );
    // One question, one answer: neither the question nor the crashed reply's first words are repeated.
    expect(messageTexts(el).slice(1)).to.deep.equal([question, await bakedAnswer(question)]);
  });
});
