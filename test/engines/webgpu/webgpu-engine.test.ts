import { expect, waitUntil } from '@open-wc/testing';
import { crashEngineWorkers } from '../../support/workers.js';
import { noticeTexts, part, record } from '../../element/helpers.js';
import {
  ENGINE_FIXTURES,
  askModel,
  askWhileLoading,
  bakedAnswer,
  modelChat,
  modelReady,
  ortFilesRequested,
  type SuiteContext,
} from '../model-helpers.js';
import { expectTorchParity } from '../parity.js';

describe('SwiftShader WebGPU (--enable-unsafe-webgpu)', function (this: SuiteContext) {
  this.timeout(180000);

  afterEach(() => crashEngineWorkers());

  it('has an adapter without shader-f16, which float16 MLC builds need', async () => {
    const adapter = await (
      navigator as Navigator & { gpu: { requestAdapter(): Promise<{ features: Set<string> } | null> } }
    ).gpu.requestAdapter();
    expect(adapter).to.not.equal(null);
    expect(adapter!.features.has('shader-f16')).to.equal(false);
  });

  it('runs the micro twin on transformers.js WebGPU (ORT asyncify build): baked answers, their cards', async () => {
    await ortFilesRequested(true);
    // `webgpu` starts below the web-llm rung, which `auto` takes first here (webllm-element.test.ts).
    const { el, engines } = await modelChat({ engine: 'webgpu' });
    await modelReady(el, engines);
    expect(await ortFilesRequested()).to.deep.equal([
      'ort-wasm-simd-threaded.asyncify.mjs',
      'ort-wasm-simd-threaded.asyncify.wasm',
    ]);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'webgpu' }]);
    expect(part(el, 'engine')!.textContent).to.match(/^transformers\.js · WebGPU/);
    const tools = record<{ app: string; source: string }>(el, 'twin-tool');
    expect(await askModel(el, 'What are you reading?')).to.equal(await bakedAnswer('What are you reading?'));
    await waitUntil(() => tools.length === 1, 'no card');
    expect(tools[0]!.detail).to.include({ app: 'books', source: 'model' });
    expect(noticeTexts(el)).to.deep.equal([]);
  });

  it('answers a question typed while the model loads, once it is ready, without it being typed again', async () => {
    const { el, engines } = await modelChat({ engine: 'webgpu' });
    const reply = await askWhileLoading(el, engines, 'Where did you grow up?');
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'webgpu' }]);
    expect(reply).to.equal(await bakedAnswer('Where did you grow up?'));
    expect(noticeTexts(el)).to.deep.equal([]);
  });

  it('decodes the reference prompts in fp32 to exactly the PyTorch ids', async () => {
    expect(await expectTorchParity('webgpu')).to.be.greaterThan(0);
  });

  it('refuses an MLC build needing shader-f16 on SwiftShader, steps down, and answers', async () => {
    const { el, engines } = await modelChat({ registry: ENGINE_FIXTURES, model: 'webllm-f16', engine: 'webllm' });
    const errors: string[] = [];
    el.addEventListener('twin-error', (event) => errors.push(event.detail.message));
    await modelReady(el, engines);
    expect(errors[0]).to.match(/needs the WebGPU feature shader-f16, which this GPU adapter lacks/);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'webgpu' }]);
    expect(await askModel(el, 'What are you reading?')).to.equal(await bakedAnswer('What are you reading?'));
  });

  it('reports an unreachable model lib from web-llm in its worker, steps down, and answers', async () => {
    const { el, engines } = await modelChat({ registry: ENGINE_FIXTURES, model: 'webllm-nolib', engine: 'webllm' });
    const errors: string[] = [];
    el.addEventListener('twin-error', (event) => errors.push(event.detail.message));
    await modelReady(el, engines);
    expect(errors[0]).to.match(
      /^web-llm · WebGPU stopped \(The MLC model library \S*missing-model-lib\.wasm could not be fetched \(HTTP 404\)/,
    );
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'webgpu' }]);
    expect(await askModel(el, 'Where do you live?')).to.equal(await bakedAnswer('Where do you live?'));
  });
});
