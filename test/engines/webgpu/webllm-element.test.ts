import { expect, fixture, html } from '@open-wc/testing';
import { crashEngineWorkers } from '../../support/workers.js';
import type { ChatMessage } from '../../../src/generation/chat-message.js';
import type { TwinChat, TwinEngineDetail } from '../../../src/index.js';
import type { MlcBuild, TwinManifest } from '../../../src/models/manifest.js';
import { stripToolLines } from '../../../src/tools/tool-line.js';
import type { WorkerModel } from '../../../src/worker/worker-model.js';
import { loadWebLlmModel } from '../../../src/worker/webllm-model.js';
import { noticeTexts, part } from '../../element/helpers.js';
import {
  MICRO_REGISTRY,
  ORT_ASSETS,
  askModel,
  bakedAnswer,
  modelChat,
  modelReady,
  type SuiteContext,
} from '../model-helpers.js';

const MANIFEST_URL = new URL('/models/ada-twin/twin.json', location.href);

async function microManifest(): Promise<TwinManifest> {
  return (await fetch(MANIFEST_URL)).json();
}

/** Counts the engine workers started while `body` runs: each hosts one model, here one web-llm engine. */
async function engineWorkersStarted(body: () => Promise<void>): Promise<number> {
  const original = globalThis.Worker;
  let started = 0;
  globalThis.Worker = class extends original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name === 'twin-engine') started++;
    }
  };
  try {
    await body();
  } finally {
    globalThis.Worker = original;
  }
  return started;
}

/**
 * The micro twin's manifest with every URL made absolute and its first MLC build's known answer tampered with (the
 * top two tokens' log-probabilities swapped), served from a blob: registry: what a GPU computing garbage would
 * look like to the check.
 */
async function tamperedRegistry(): Promise<string> {
  const manifest = await microManifest();
  const absolute = (url: string) => new URL(url, MANIFEST_URL).href;
  const build = manifest.builds.mlc![0]!;
  const [first, second, ...rest] = build.known_answer!.top_logprobs;
  const tampered: MlcBuild = {
    ...build,
    url: absolute(build.url),
    model_lib: absolute(build.model_lib),
    known_answer: {
      ...build.known_answer!,
      top_logprobs: [{ ...first!, logprob: second!.logprob }, { ...second!, logprob: first!.logprob }, ...rest],
    },
  };
  const copy = {
    ...manifest,
    apps: absolute(manifest.apps!),
    builds: { onnx: { ...manifest.builds.onnx!, url: absolute(manifest.builds.onnx!.url) }, mlc: [tampered] },
  };
  const manifestUrl = URL.createObjectURL(new Blob([JSON.stringify(copy)], { type: 'application/json' }));
  return URL.createObjectURL(
    new Blob([JSON.stringify([{ id: 'ada-twin', manifest: manifestUrl }])], { type: 'application/json' }),
  );
}

describe('web-llm in the element, on the committed micro twin (SwiftShader WebGPU)', function (this: SuiteContext) {
  this.timeout(900000);

  afterEach(() => crashEngineWorkers());

  it('answers on web-llm first: the header and twin-engine say so, and five baked questions in one conversation get their notes back', async () => {
    const { el, engines } = await modelChat();
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'webllm', device: 'webgpu' }]);
    expect(part(el, 'engine')!.textContent).to.match(/^web-llm · WebGPU/);
    const questions = (await microManifest()).knowledge.slice(0, 5).map((entry) => entry.q[0]!);
    for (const question of questions)
      expect(await askModel(el, question), question).to.equal(await bakedAnswer(question));
    expect(noticeTexts(el)).to.deep.equal([]);
  });

  it('gives two chats on a page one web-llm engine, and both answer', async () => {
    const engines: TwinEngineDetail[][] = [[], []];
    const chat = (i: number) =>
      fixture<TwinChat>(html`<twin-chat registry=${MICRO_REGISTRY} asset-base=${ORT_ASSETS}
      @twin-engine=${(event: CustomEvent<TwinEngineDetail>) => engines[i]!.push(event.detail)}></twin-chat>`);
    let chats: TwinChat[] = [];
    const workers = await engineWorkersStarted(async () => {
      chats = await Promise.all([chat(0), chat(1)]);
      await Promise.all(chats.map((el, i) => modelReady(el, engines[i]!)));
    });
    expect(workers).to.equal(1);
    expect(engines).to.deep.equal([[{ engine: 'webllm', device: 'webgpu' }], [{ engine: 'webllm', device: 'webgpu' }]]);
    const [a, b] = chats as [TwinChat, TwinChat];
    expect(await askModel(a, 'Where do you live?')).to.equal(await bakedAnswer('Where do you live?'));
    expect(await askModel(b, 'What are you reading?')).to.equal(await bakedAnswer('What are you reading?'));
  });

  it('steps down one rung, saying why, when the GPU misses the known answer, and answers there', async () => {
    const { el, engines } = await modelChat({ registry: await tamperedRegistry(), model: 'ada-twin' });
    const errors: string[] = [];
    el.addEventListener('twin-error', (event) => errors.push(event.detail.message));
    await modelReady(el, engines);
    expect(errors[0]).to.match(
      /^web-llm · WebGPU stopped \(This GPU failed the twin's known-answer check \("Hi": log-probability -0\.00\d, expected -8\.\d+\)/,
    );
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'webgpu' }]);
    expect(await askModel(el, 'What are you reading?')).to.equal(await bakedAnswer('What are you reading?'));
  });
});

/**
 * web-llm keeps its KV cache when a request continues the conversation it holds, word for word: then only the
 * new turn is prefilled, on top of the cache (through the attention merge kernel our compile pass replaced; TVM's
 * own raced, and this test caught it). The element's history drops TOOL lines from replies (they must not be
 * replayed), so after a reply that opened a card the history differs from what web-llm holds, and it prefills
 * everything.
 */
describe('web-llm KV cache reuse across turns (SwiftShader WebGPU)', function (this: SuiteContext) {
  this.timeout(600000);
  const sampling = { temperature: 0, top_p: 1, repetition_penalty: 1.1, max_new_tokens: 60 };
  let model: WorkerModel;
  let system: ChatMessage;

  before(async () => {
    const manifest = await microManifest();
    // float32 arithmetic: the reused cache and a full prefill then agree to rounding, so greedy replies match.
    const build = manifest.builds.mlc!.find(({ quantization }) => quantization === 'q0f32')!;
    system = { role: 'system', content: manifest.system };
    model = await loadWebLlmModel(
      {
        backend: 'webllm',
        device: 'webgpu',
        buildUrl: new URL(`${build.url}/`, MANIFEST_URL).href,
        modelLib: new URL(build.model_lib, MANIFEST_URL).href,
        requiredFeatures: build.required_features,
        architecture: manifest.architecture,
        assetBase: new URL(ORT_ASSETS, location.href).href,
        expectedBytes: build.bytes,
      },
      () => undefined,
    );
  });

  after(() => model?.unload());

  const ask = async (messages: ChatMessage[]) => {
    const { text, prefilled } = (await model.generate({ messages, sampling }, () => undefined)) as {
      text: string;
      prefilled: number;
    };
    return { text, prefilled };
  };
  const askAfresh = (messages: ChatMessage[]) => {
    model.reset();
    return ask(messages);
  };

  it('prefills only the new turn when the history repeats the last reply, with the reply a full prefill gives', async () => {
    const turn1: ChatMessage[] = [system, { role: 'user', content: 'Where do you live?' }];
    const first = await askAfresh(turn1);
    const turn2: ChatMessage[] = [
      ...turn1,
      { role: 'assistant', content: first.text },
      { role: 'user', content: 'Who made you?' },
    ];
    const second = await ask(turn2);
    const full = await askAfresh(turn2);
    expect(second.text).to.equal(full.text);
    expect(second.prefilled).to.be.below(full.prefilled - first.prefilled);
  });

  it('prefills everything again after a reply whose TOOL line the history drops', async () => {
    const turn1: ChatMessage[] = [system, { role: 'user', content: 'What are you reading?' }];
    const first = await askAfresh(turn1);
    expect(first.text).to.match(/\nTOOL /);
    const turn2: ChatMessage[] = [
      ...turn1,
      { role: 'assistant', content: stripToolLines(first.text) },
      { role: 'user', content: 'Where do you live?' },
    ];
    const second = await ask(turn2);
    expect(second.prefilled).to.equal((await askAfresh(turn2)).prefilled);
  });
});
