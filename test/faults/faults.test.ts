import { expect, waitUntil } from '@open-wc/testing';
import { hurryTimeouts } from '../support/timeouts.js';
import { armFault, crashEngineWorkers, disarmFaults } from '../support/workers.js';
import { MODEL_CACHE_NAME } from '../../src/worker/model-fetch.js';
import type { TwinChat } from '../../src/index.js';
import { input, isGenerating, messageTexts, noticeTexts, part, parts, type } from '../element/helpers.js';
import {
  MICRO_REGISTRY,
  MODEL_TIMEOUT,
  askModel,
  bakedAnswer,
  clearModelCache,
  modelChat,
  modelReady,
  modelRequests,
  onFirstWords,
  type SuiteContext,
} from '../engines/model-helpers.js';
import {
  FAULT_FIXTURES,
  Q8_WEIGHTS,
  cachedSha256,
  expectQuestionKept,
  manifestSha256,
  noticeMatching,
  typeWhileLoading,
  typeWhileNotReady,
} from './fault-helpers.js';

const QUESTION = 'What are you reading?';
const LATER_QUESTION = 'Where do you live?';

/**
 * After any fault: a later question still gets an answer, and no reply failed. (Its words depend on the
 * conversation before it, so only a first question can be compared with a baked answer.)
 */
async function expectWorkingChat(el: TwinChat): Promise<void> {
  const before = messageTexts(el).length;
  const reply = await askModel(el, LATER_QUESTION);
  expect(messageTexts(el)).to.have.length(before + 2);
  expect(reply.trim()).to.not.equal('');
  expect(noticeCodes(el)).to.not.include('reply-failed');
}

function noticeCodes(el: TwinChat): string[] {
  return parts(el, 'notice').map((notice) => notice.dataset.code ?? '');
}

describe("faults: each keeps the visitor's message and ends in a working chat", function (this: SuiteContext) {
  this.timeout(180000);

  beforeEach(() => clearModelCache());
  /** The documents' 15 s timeout, hurried to 1 s for the tests of a stalled server. */
  let undoHurry: () => void = () => undefined;
  afterEach(() => {
    crashEngineWorkers();
    disarmFaults();
    undoHurry();
  });

  it('the engine worker is killed mid-reply: the question stays, the next rung answers it, the chat goes on', async () => {
    const { el, engines } = await modelChat({ engine: 'wasm' });
    await modelReady(el, engines);
    // A long reply, so that the first words show while the rest is still being generated.
    const question = 'Tell me about yourself';
    const stopWatching = onFirstWords(el, () => crashEngineWorkers());
    await type(el, question);
    await waitUntil(() => !isGenerating(el), 'the reply never finished', { timeout: MODEL_TIMEOUT });
    stopWatching();
    expect(engines.at(-1)).to.deep.equal({ engine: 'scripted', device: 'none' });
    expect(noticeTexts(el).join()).to.match(
      /transformers\.js · WASM stopped \(The engine worker crashed\.\) — scripted/,
    );
    expectQuestionKept(el, question);
    expect(messageTexts(el).at(-1)).to.equal(await bakedAnswer(question));
    await expectWorkingChat(el);
  });

  it('the connection drops mid-download: the file is fetched again, whole and checked, and the twin answers', async () => {
    await modelRequests(true);
    const { el, engines } = await modelChat({ registry: FAULT_FIXTURES, model: 'flaky-twin', engine: 'wasm' });
    await waitUntil(() => !!part(el, 'progress'), 'no loading state');
    await typeWhileLoading(el, QUESTION);
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'wasm' }]);
    expect((await modelRequests())[`/flaky${Q8_WEIGHTS}`]).to.equal(2);
    expect(await cachedSha256(`/flaky${Q8_WEIGHTS}`)).to.equal(await manifestSha256('onnx/model_quantized.onnx'));
    // Answered once the twin is ready, without being sent again.
    await waitUntil(() => !isGenerating(el) && messageTexts(el).length === 3, 'no reply', { timeout: MODEL_TIMEOUT });
    expect(messageTexts(el).slice(1)).to.deep.equal([QUESTION, await bakedAnswer(QUESTION)]);
    await expectWorkingChat(el);
  });

  it('a cached model file is corrupted: the hash from the manifest catches it and it is downloaded again', async () => {
    // Same length, a few weight bytes flipped: a size check alone would pass it, and ORT would load it.
    const bytes = new Uint8Array(await (await fetch(Q8_WEIGHTS)).arrayBuffer());
    const middle = Math.floor(bytes.length / 2);
    for (let i = middle; i < middle + 64; i++) bytes[i] = bytes[i]! ^ 0xff;
    const cache = await caches.open(MODEL_CACHE_NAME);
    await cache.put(
      new URL(Q8_WEIGHTS, location.href).href,
      new Response(bytes, { headers: { 'content-length': String(bytes.length) } }),
    );
    await modelRequests(true);
    const { el, engines } = await modelChat({ engine: 'wasm' });
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'wasm' }]);
    expect((await modelRequests())[Q8_WEIGHTS]).to.equal(1);
    expect(await cachedSha256(Q8_WEIGHTS)).to.equal(await manifestSha256('onnx/model_quantized.onnx'));
    expect(await askModel(el, QUESTION)).to.equal(await bakedAnswer(QUESTION));
    await expectWorkingChat(el);
  });

  it("a download does not match the manifest's hash: the load fails, the chat steps down, keeps the question and answers it", async () => {
    const { el, engines } = await modelChat({ registry: FAULT_FIXTURES, model: 'corrupt-twin', engine: 'wasm' });
    await waitUntil(() => !!part(el, 'progress'), 'no loading state');
    await typeWhileLoading(el, QUESTION);
    const notice = await noticeMatching(el, /does not match the SHA-256 in the twin manifest/);
    expect(notice).to.contain(`/corrupt${Q8_WEIGHTS}`);
    await modelReady(el, engines);
    expect(engines.at(-1)).to.deep.equal({ engine: 'scripted', device: 'none' });
    // Bytes that failed the check are never kept for the next visit.
    expect(await cachedSha256(`/corrupt${Q8_WEIGHTS}`)).to.equal(undefined);
    await waitUntil(() => !isGenerating(el) && messageTexts(el).length === 3, 'no reply', { timeout: MODEL_TIMEOUT });
    expect(messageTexts(el).slice(1)).to.deep.equal([QUESTION, await bakedAnswer(QUESTION)]);
  });

  it('storage is full: the twin runs from memory, says it was not stored, and keeps nothing', async () => {
    armFault('cache-full');
    const { el, engines } = await modelChat({ engine: 'wasm' });
    await waitUntil(() => !!part(el, 'progress'), 'no loading state');
    await typeWhileLoading(el, QUESTION);
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'wasm' }]);
    const notice = await noticeMatching(el, /could not be stored on this device \(QuotaExceededError\)/);
    expect(notice).to.contain('will download again on the next visit');
    expect(noticeCodes(el)).to.include('model-not-cached');
    expect(await cachedSha256(Q8_WEIGHTS)).to.equal(undefined);
    await waitUntil(() => !isGenerating(el) && messageTexts(el).length === 3, 'no reply', { timeout: MODEL_TIMEOUT });
    expect(messageTexts(el).slice(1)).to.deep.equal([QUESTION, await bakedAnswer(QUESTION)]);
    await expectWorkingChat(el);
  });

  it('the registry stalls: a timeout, a notice naming it, the text kept; a working registry then answers', async () => {
    undoHurry = hurryTimeouts(15);
    const { el, engines } = await modelChat({ registry: `/stalled${MICRO_REGISTRY}`, engine: 'scripted' });
    const notice = await noticeMatching(el, /Could not reach the registry/);
    expect(notice).to.contain(`/stalled${MICRO_REGISTRY}`).and.contain('no answer within 15 s');
    expect(noticeCodes(el)).to.include('registry-unreachable');
    await typeWhileNotReady(el, QUESTION);
    el.registry = MICRO_REGISTRY;
    await modelReady(el, engines);
    expect(input(el).value).to.equal(QUESTION);
    await expectWorkingChat(el);
  });

  it('the manifest stalls: a timeout and a notice naming it; another twin then answers', async () => {
    undoHurry = hurryTimeouts(15);
    const { el, engines } = await modelChat({ registry: FAULT_FIXTURES, model: 'stalled-twin', engine: 'scripted' });
    const notice = await noticeMatching(el, /Could not reach the manifest/);
    expect(notice).to.contain('/stalled/models/ada-twin/twin.json').and.contain('no answer within 15 s');
    await typeWhileNotReady(el, QUESTION);
    el.registry = MICRO_REGISTRY;
    el.model = '';
    await modelReady(el, engines);
    expect(input(el).value).to.equal(QUESTION);
    await expectWorkingChat(el);
  });
});
