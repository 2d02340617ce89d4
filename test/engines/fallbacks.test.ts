import { expect } from '@open-wc/testing';
import { crashEngineWorkers } from '../support/workers.js';
import { noticeTexts } from '../element/helpers.js';
import { ENGINE_FIXTURES, askModel, bakedAnswer, modelChat, modelReady, type SuiteContext } from './model-helpers.js';

describe('stepping down the ladder (no WebGPU)', function (this: SuiteContext) {
  this.timeout(120000);

  afterEach(() => crashEngineWorkers());

  it('refuses web-llm without a GPU adapter, says why, and answers on transformers.js WASM', async () => {
    const { el, engines } = await modelChat({ registry: ENGINE_FIXTURES, model: 'webllm-nolib', engine: 'webllm' });
    const errors: string[] = [];
    el.addEventListener('twin-error', (event) => errors.push(event.detail.message));
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'wasm' }]);
    expect(errors[0]).to.match(/^web-llm · WebGPU stopped \(WebGPU is not available here/);
    expect(await askModel(el, 'What are you reading?')).to.equal(await bakedAnswer('What are you reading?'));
  });

  it('refuses a build whose config.json disagrees with the manifest, never guessing', async () => {
    const { el, engines } = await modelChat({ registry: ENGINE_FIXTURES, model: 'wrong-architecture', engine: 'wasm' });
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'scripted', device: 'none' }]);
    expect(noticeTexts(el).join()).to.match(/config\.json says model_type "llama" but the twin manifest says "qwen2"/);
  });
});
