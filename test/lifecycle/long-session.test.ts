import { expect } from '@open-wc/testing';
import { crashEngineWorkers } from '../support/workers.js';
import { ConversationHistory, buildPromptMessages } from '../../src/conversation/history.js';
import type { Capabilities } from '../../src/engines/capabilities.js';
import type { TwinManifest } from '../../src/models/manifest.js';
import { planLadder } from '../../src/engines/ladder.js';
import { WorkerEngine } from '../../src/engines/worker-engine.js';
import { textsBy } from '../element/helpers.js';
import { ORT_ASSETS, askModel, modelChat, modelReady, type SuiteContext } from '../engines/model-helpers.js';
import { auditQuestions } from '../audit/audit-helpers.js';
import { heapsAfterGc, microTokenizer, promptTokens, recordPrompts, type Heaps } from './lifecycle-helpers.js';

const MANIFEST_URL = new URL('/models/ada-twin/twin.json', location.href);
/** The element's defaults (twin-chat.ts `max-history`, `max-history-chars`). */
const HISTORY_LIMITS = { maxMessages: 20, maxChars: 6000 };

describe('long sessions on the micro twin', function (this: SuiteContext) {
  this.timeout(400000);

  afterEach(() => crashEngineWorkers());

  it('50 turns through the element: every prompt stays within the history caps and the context window', async () => {
    const tokenizer = await microTokenizer();
    const { el, engines } = await modelChat({ engine: 'wasm' });
    await modelReady(el, engines);
    const manifest = (await (await fetch(MANIFEST_URL)).json()) as TwinManifest;
    const spy = recordPrompts();
    const questions = auditQuestions(50);
    try {
      for (const question of questions) await askModel(el, question);
    } finally {
      spy.restore();
    }
    // Every question was sent, and asked of the model. (Replies are not counted: on some questions the micro
    // twin ends its reply at once, and the chat shows no empty bubble.)
    expect(textsBy(el, 'user')).to.deep.equal(questions);
    expect(spy.prompts.map((prompt) => prompt.at(-1)!.content)).to.deep.equal(questions);
    console.log(
      `50 turns: ${questions.length + 1 - textsBy(el, 'twin').length} replies ended at once, shown as no bubble`,
    );
    for (const prompt of spy.prompts) {
      const history = prompt.slice(1, -1);
      expect(history.length).to.be.at.most(HISTORY_LIMITS.maxMessages);
      expect(history.reduce((chars, message) => chars + message.content.length, 0)).to.be.at.most(
        HISTORY_LIMITS.maxChars,
      );
      expect(promptTokens(tokenizer, prompt) + manifest.sampling.max_new_tokens).to.be.at.most(manifest.context_window);
    }
    // The cap is reached and holds: the last prompts carry the full history allowance, not the whole session.
    expect(spy.prompts.at(-1)!.length).to.equal(HISTORY_LIMITS.maxMessages + 2);
  });

  it('500 turns on the engine the element uses: the prompt stays bounded and the heap after GC does not grow with turns', async () => {
    const tokenizer = await microTokenizer();
    const fetched = (await (await fetch(MANIFEST_URL)).json()) as TwinManifest;
    // Short greedy replies keep 500 turns quick; the prompt is built exactly as the element builds it.
    const manifest: TwinManifest = {
      ...fetched,
      sampling: { ...fetched.sampling, temperature: 0, max_new_tokens: 12 },
    };
    const caps: Capabilities = { webgpu: null, deviceMemoryGiB: undefined, saveData: false };
    const rung = planLadder('wasm', manifest, caps, {
      manifestUrl: MANIFEST_URL,
      assetBase: new URL(ORT_ASSETS, location.href),
    })[0]!;
    if (rung.kind === 'scripted') throw new Error('no WASM rung for the micro twin');
    const engine = new WorkerEngine(rung.spec);
    await engine.load(manifest);
    const history = new ConversationHistory(HISTORY_LIMITS);
    const questions = auditQuestions(500);
    let longestPrompt = 0;
    let heapAtTurn50: Heaps | undefined;
    let heapAtTurn500: Heaps;
    try {
      for (const [turn, question] of questions.entries()) {
        const messages = buildPromptMessages(manifest.system, history.messages, question);
        longestPrompt = Math.max(longestPrompt, promptTokens(tokenizer, messages));
        const { text } = await engine.generate(messages, { onText: () => undefined });
        history.add({ role: 'user', content: question });
        history.add({ role: 'assistant', content: text });
        if (turn + 1 === 50) heapAtTurn50 = await heapsAfterGc();
      }
      heapAtTurn500 = await heapsAfterGc();
    } finally {
      await engine.unload();
    }
    if (!heapAtTurn50) throw new Error('fewer than 50 turns');
    console.log(
      `500 turns: longest prompt ${longestPrompt} tokens; heap after GC at turn 50 → 500: page ${heapAtTurn50.page} → ${heapAtTurn500.page} B, ` +
        `engine worker ${heapAtTurn50.worker} → ${heapAtTurn500.worker} B`,
    );
    expect(history.messages.length).to.be.at.most(HISTORY_LIMITS.maxMessages);
    expect(longestPrompt + manifest.sampling.max_new_tokens).to.be.at.most(manifest.context_window);
    // A loose leak bound on both sides: 450 more turns may not keep anything per turn (a turn's KV cache alone is
    // 0.5–0.9 MB). The worker holds one, the last reply's, for the next turn: up to about 1 MB of either reading,
    // depending on that prompt's length. The bench measures the real figure.
    expect(heapAtTurn500.page - heapAtTurn50.page, 'page').to.be.lessThan(2_000_000);
    expect(heapAtTurn500.worker - heapAtTurn50.worker, 'engine worker').to.be.lessThan(2_000_000);
  });
});
