import { expect, waitUntil } from '@open-wc/testing';
import { crashEngineWorkers, faultEngineWorkers } from '../../support/workers.js';
import { messageTexts, noticeTexts } from '../../element/helpers.js';
import { askModel, bakedAnswer, modelChat, modelReady, type SuiteContext } from '../../engines/model-helpers.js';

describe('fault: the WebGPU device is lost (SwiftShader)', function (this: SuiteContext) {
  this.timeout(240000);

  afterEach(() => crashEngineWorkers());

  it('steps down to WASM, asks the same question again there, and the chat goes on', async () => {
    // transformers.js's WebGPU rung (ORT's device); `auto` would start on web-llm.
    const { el, engines } = await modelChat({ engine: 'webgpu' });
    await modelReady(el, engines);
    expect(engines).to.deep.equal([{ engine: 'transformers', device: 'webgpu' }]);
    // The worker destroys ORT's GPUDevice before it runs the next reply, as a driver reset would.
    faultEngineWorkers('device-lost');
    const question = 'What are you reading?';
    expect(await askModel(el, question)).to.equal(await bakedAnswer(question));
    expect(engines.at(-1)).to.deep.equal({ engine: 'transformers', device: 'wasm' });
    expect(noticeTexts(el).join()).to.match(
      /^transformers\.js · WebGPU stopped \(.*The Device was lost.*\) — transformers\.js · WASM answers instead\.$/s,
    );
    expect(messageTexts(el).slice(1)).to.deep.equal([question, await bakedAnswer(question)]);
    const before = messageTexts(el).length;
    await askModel(el, 'Where do you live?');
    await waitUntil(() => messageTexts(el).length === before + 2, 'no second reply');
    expect(messageTexts(el).at(-1)!.trim()).to.not.equal('');
  });
});
