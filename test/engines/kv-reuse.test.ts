import { expect } from '@open-wc/testing';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import type { FromWorker, ToWorker, WorkerLoadSpec } from '../../src/worker/protocol.js';
import type { TransformersModel, TransformersResult } from '../../src/worker/transformers-model.js';
import { loadMicroTwin } from './micro-twin.js';
import { ORT_ASSETS, type SuiteContext } from './model-helpers.js';

/**
 * The second and later replies run only the prompt tokens past the previous reply's KV cache, and decode exactly
 * the tokens a full prefill decodes (the micro twin, fp32, greedy on WASM). `prefilled` is how many prompt tokens
 * a reply ran; reset() forgets the cache, so the same prompt after it is the full-prefill reference.
 */
describe('KV cache reuse across turns', function (this: SuiteContext) {
  this.timeout(120000);
  const sampling = { temperature: 0, top_p: 1, repetition_penalty: 1.1, max_new_tokens: 40 };
  let model: TransformersModel;
  let system: ChatMessage;

  before(async () => {
    model = await loadMicroTwin('wasm', 'fp32');
    system = { role: 'system', content: (await (await fetch('/models/ada-twin/twin.json')).json()).system };
  });

  after(() => model.unload());

  const ask = (messages: ChatMessage[]) => model.generate({ messages, sampling }, () => undefined);
  /** The same prompt from an empty cache. */
  const askAfresh = (messages: ChatMessage[]) => {
    model.reset();
    return ask(messages);
  };
  /** Tokens the cache holds after a reply: its prompt and reply, less the last token sampled (never fed). */
  const held = (reply: TransformersResult) =>
    reply.prefilled + reply.tokens.length - (reply.finish === 'length' ? 1 : 0);

  it('prefills only the new turn on the second and third replies, decoding the same tokens as a full prefill', async () => {
    const turn1: ChatMessage[] = [system, { role: 'user', content: "What's your job?" }];
    const first = await askAfresh(turn1);
    expect(first.prefilled).to.be.greaterThan(20);

    const turn2: ChatMessage[] = [
      ...turn1,
      { role: 'assistant', content: first.text },
      { role: 'user', content: 'What are you reading?' },
    ];
    const second = await ask(turn2);
    const turn3: ChatMessage[] = [
      ...turn2,
      { role: 'assistant', content: second.text },
      { role: 'user', content: 'Any talks?' },
    ];
    const third = await ask(turn3);

    const secondFull = await askAfresh(turn2);
    expect(second.prefilled).to.equal(secondFull.prefilled - held(first));
    expect(second.tokens).to.deep.equal(secondFull.tokens);
    const thirdFull = await askAfresh(turn3);
    expect(third.prefilled).to.equal(thirdFull.prefilled - held(secondFull));
    expect(third.tokens).to.deep.equal(thirdFull.tokens);
    expect(third.prefilled).to.be.lessThan(thirdFull.prefilled / 3);
  });

  it('reuses only the shared system prompt when the history cap drops the oldest turns, with the same tokens', async () => {
    const long: ChatMessage[] = [
      system,
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: "Hi, I'm Ada's twin." },
      { role: 'user', content: 'What are you reading?' },
    ];
    await askAfresh(long);
    const capped: ChatMessage[] = [system, { role: 'user', content: 'Any talks?' }];
    const reused = await ask(capped);
    const full = await askAfresh(capped);
    // The system turn (most of this prompt) is shared; from the first user turn on the prompts differ.
    expect(reused.prefilled)
      .to.be.greaterThan(0)
      .and.lessThan(full.prefilled / 2);
    expect(reused.tokens).to.deep.equal(full.tokens);
  });

  it('prefills in full after reset() and for a different system prompt', async () => {
    const messages: ChatMessage[] = [system, { role: 'user', content: 'hi' }];
    const full = await askAfresh(messages);
    const stranger: ChatMessage[] = [
      { role: 'system', content: 'Speak like a lighthouse.' },
      { role: 'user', content: 'hi' },
    ];
    const other = await ask(stranger);
    const otherFull = await askAfresh(stranger);
    const again = await askAfresh(messages);
    expect(again.prefilled).to.equal(full.prefilled);
    expect(again.tokens).to.deep.equal(full.tokens);
    // Only the "<|im_start|>system\n" markers are shared with the held cache.
    expect(other.prefilled).to.be.at.least(otherFull.prefilled - 3);
    expect(other.tokens).to.deep.equal(otherFull.tokens);
  });

  it('runs a system prompt ahead of the first question, which then prefills only its own turn, with the same tokens', async () => {
    const messages: ChatMessage[] = [system, { role: 'user', content: 'What are you reading?' }];
    const full = await askAfresh(messages);
    model.reset();
    await model.prefill([system]);
    const ahead = await ask(messages);
    expect(ahead.prefilled)
      .to.be.greaterThan(0)
      .and.lessThan(full.prefilled / 3);
    expect(ahead.tokens).to.deep.equal(full.tokens);
  });
});

/** The engine worker as the page runs it, spoken to in its own protocol (src/worker/protocol.ts). */
function startWorker(spec: WorkerLoadSpec): {
  send(message: ToWorker): void;
  next(type: FromWorker['type']): Promise<FromWorker>;
  stop(): void;
} {
  const worker = new Worker(new URL('../../src/worker/engine-worker.ts', import.meta.url), { type: 'module' });
  const received: FromWorker[] = [];
  const waiting: (() => void)[] = [];
  worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
    received.push(data);
    waiting.splice(0).forEach((wake) => wake());
  };
  worker.postMessage({ type: 'load', spec } satisfies ToWorker);
  const next = async (type: FromWorker['type']): Promise<FromWorker> => {
    for (;;) {
      const index = received.findIndex((message) => message.type === type || message.type === 'load-failed');
      if (index >= 0) return received.splice(index, 1)[0]!;
      await new Promise<void>((wake) => waiting.push(wake));
    }
  };
  return { send: (message) => worker.postMessage(message), next, stop: () => worker.terminate() };
}

describe('the engine worker runs the system prompt while the visitor types', function (this: SuiteContext) {
  this.timeout(120000);

  it('so the first reply, and the first after a reset, prefill only the question, with the text a full prefill gives', async () => {
    const manifest = (await (await fetch('/models/ada-twin/twin.json')).json()) as { system: string };
    const spec: WorkerLoadSpec = {
      backend: 'transformers',
      device: 'wasm',
      dtype: 'q8',
      buildUrl: new URL('/models/ada-twin/', location.href).href,
      architecture: 'llama',
      assetBase: new URL(ORT_ASSETS, location.href).href,
      expectedBytes: 0,
    };
    const request = {
      messages: [
        { role: 'system', content: manifest.system },
        { role: 'user', content: 'What are you reading?' },
      ] as ChatMessage[],
      sampling: { temperature: 0, top_p: 1, repetition_penalty: 1.1, max_new_tokens: 40 },
    };
    const replies: Record<string, Extract<FromWorker, { type: 'done' }>[]> = {};
    for (const [name, systemPrompt] of [
      ['without', undefined],
      ['with', manifest.system],
    ] as const) {
      const worker = startWorker({ ...spec, systemPrompt });
      expect((await worker.next('loaded')).type).to.equal('loaded');
      replies[name] = [];
      for (const id of [0, 1]) {
        worker.send({ type: 'generate', id, request });
        replies[name].push((await worker.next('done')) as Extract<FromWorker, { type: 'done' }>);
        worker.send({ type: 'reset' });
      }
      worker.stop();
    }
    const full = replies.without![0]!.prefilled!;
    expect(replies.without!.map((reply) => reply.prefilled)).to.deep.equal([full, full]);
    for (const reply of replies.with!) {
      expect(reply.prefilled)
        .to.be.greaterThan(0)
        .and.lessThan(full / 3);
      expect(reply.text).to.equal(replies.without![0]!.text);
    }
  });
});
