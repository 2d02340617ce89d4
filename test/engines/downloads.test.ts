import { expect, waitUntil } from '@open-wc/testing';
import { crashEngineWorkers, liveEngineWorkers } from '../support/workers.js';
import { messageTexts, noticeTexts, part, type } from '../element/helpers.js';
import {
  ENGINE_FIXTURES,
  MODEL_TIMEOUT,
  clearModelCache,
  modelChat,
  modelReady,
  modelRequests,
  type SuiteContext,
} from './model-helpers.js';

/** The slow twin downloads the micro twin's fp32 build (4.2 MB in its manifest) at about 64 kB/s. */
const slowTwin = (confirmMb = 20) =>
  modelChat({ registry: ENGINE_FIXTURES, model: 'slow-twin', engine: 'wasm', confirmMb });

describe('model downloads', function (this: SuiteContext) {
  this.timeout(120000);

  beforeEach(() => clearModelCache());
  afterEach(() => crashEngineWorkers());

  it('asks before a download over the threshold, showing its size, and downloads nothing until asked', async () => {
    await modelRequests(true);
    const { el } = await slowTwin(1);
    await waitUntil(() => part(el, 'consent'), 'no download question', { timeout: MODEL_TIMEOUT });
    expect(part(el, 'consent')!.textContent).to.contain('4.2 MB');
    expect(Object.keys(await modelRequests())).to.deep.equal([]);
    expect(liveEngineWorkers().length).to.equal(0);
  });

  it('answers with the scripted engine when the visitor declines', async () => {
    const { el, engines } = await slowTwin(1);
    await waitUntil(() => part(el, 'consent-decline'), 'no download question', { timeout: MODEL_TIMEOUT });
    part(el, 'consent-decline')!.click();
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'scripted', device: 'none' }]);
    expect(liveEngineWorkers().length).to.equal(0);
  });

  it('asks first when the browser sends Save-Data, whatever the size', async () => {
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });
    try {
      const { el } = await slowTwin(1000);
      await waitUntil(() => part(el, 'consent'), 'no download question', { timeout: MODEL_TIMEOUT });
      expect(part(el, 'consent')!.textContent).to.contain('save data');
    } finally {
      // The own property shadowed Navigator.prototype's getter; deleting it restores the real one.
      delete (navigator as { connection?: unknown }).connection;
    }
  });

  it('asks first when storage.estimate() says the model will not fit', async () => {
    const estimate = navigator.storage.estimate;
    navigator.storage.estimate = async () => ({ quota: 5_000_000, usage: 4_000_000 });
    try {
      const { el } = await slowTwin(1000);
      await waitUntil(() => part(el, 'consent'), 'no download question', { timeout: MODEL_TIMEOUT });
      expect(part(el, 'consent')!.textContent).to.contain('may not have room');
    } finally {
      navigator.storage.estimate = estimate;
    }
  });

  it('cancels a download under way: the worker stops, the scripted engine answers, nothing is kept', async () => {
    const { el, engines } = await slowTwin(1);
    await waitUntil(() => part(el, 'consent-accept'), 'no download question', { timeout: MODEL_TIMEOUT });
    part(el, 'consent-accept')!.click();
    await waitUntil(() => part(el, 'cancel'), 'no cancel button while downloading', { timeout: MODEL_TIMEOUT });
    expect(part(el, 'progress-text')!.textContent).to.match(/Downloading the model [\d.]+ (kB|MB) of 4\.2 MB/);
    part(el, 'cancel')!.click();
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'scripted', device: 'none' }]);
    await waitUntil(() => liveEngineWorkers().length === 0, 'the cancelled download kept its worker');
    expect(noticeTexts(el).join()).to.contain('The download was cancelled');
    expect(await caches.match('/slow/models/ada-twin/onnx/model.onnx')).to.equal(undefined);
    await type(el, 'Where do you live?');
    await waitUntil(() => messageTexts(el).at(-1)!.includes('Porto'), 'the scripted engine did not answer');
  });
});
