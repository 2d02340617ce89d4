import { expect } from '@open-wc/testing';
import type { Capabilities } from '../../src/engines/capabilities.js';
import { planLadder } from '../../src/engines/ladder.js';
import type { TwinManifest } from '../../src/models/manifest.js';

const manifestUrl = new URL('https://twins.example/ada/twin.json');
const context = { manifestUrl, assetBase: new URL('https://site.example/assets/') };

const builds: TwinManifest['builds'] = {
  onnx: { url: 'onnx-build', dtypes: { webgpu: 'fp32', wasm: 'q8' }, bytes: { fp32: 4e6, q8: 1e6 } },
  mlc: [
    { url: 'mlc', model_lib: 'lib/model.wasm', quantization: 'q4f16_1', required_features: ['shader-f16'], bytes: 2e6 },
    { url: 'mlc32', model_lib: 'lib/model32.wasm', quantization: 'q4f32_1', required_features: [], bytes: 3e6 },
  ],
};
const f16Only = { ...builds, mlc: builds.mlc!.slice(0, 1) };
const knowledge = [{ q: ['What do you build?'], a: 'Maps of the sea.' }];
const manifest = { architecture: 'llama', builds, knowledge } as TwinManifest;

const gpu = (features: string[]) => ({
  features: new Set(features),
  maxBufferSize: 2 ** 28,
  maxStorageBufferBindingSize: 2 ** 27,
  architecture: 'test',
});
const caps = (over: Partial<Capabilities> = {}): Capabilities => ({
  webgpu: null,
  deviceMemoryGiB: undefined,
  saveData: false,
  ...over,
});
const names = (setting: Parameters<typeof planLadder>[0], c: Capabilities, m: TwinManifest = manifest) =>
  planLadder(setting, m, c, context).map((rung) => `${rung.kind}/${rung.device}`);

describe('the capability ladder', () => {
  it("puts web-llm first, one rung per MLC build in the manifest's order, when the adapter has every feature each requires", () => {
    const rungs = planLadder('auto', manifest, caps({ webgpu: gpu(['shader-f16']) }), context);
    expect(rungs.map((rung) => `${rung.kind}/${rung.device}`)).to.deep.equal([
      'webllm/webgpu',
      'webllm/webgpu',
      'transformers/webgpu',
      'transformers/wasm',
      'scripted/none',
    ]);
    expect(rungs.slice(0, 2).map((rung) => rung.kind !== 'scripted' && rung.spec.modelLib)).to.deep.equal([
      'https://twins.example/ada/lib/model.wasm',
      'https://twins.example/ada/lib/model32.wasm',
    ]);
  });

  it('skips an MLC build needing shader-f16 when the adapter lacks it (SwiftShader), and keeps the float32 one', () => {
    const rungs = planLadder('auto', manifest, caps({ webgpu: gpu([]) }), context);
    expect(rungs.map((rung) => rung.kind !== 'scripted' && rung.spec.buildUrl)).to.deep.equal([
      'https://twins.example/ada/mlc32/',
      'https://twins.example/ada/onnx-build/',
      'https://twins.example/ada/onnx-build/',
      false,
    ]);
    expect(names('auto', caps({ webgpu: gpu([]) }), { ...manifest, builds: f16Only })).to.deep.equal([
      'transformers/webgpu',
      'transformers/wasm',
      'scripted/none',
    ]);
  });

  it('goes to WASM without an adapter, and to scripted without an ONNX build', () => {
    expect(names('auto', caps())).to.deep.equal(['transformers/wasm', 'scripted/none']);
    expect(names('auto', caps(), { ...manifest, builds: {} })).to.deep.equal(['scripted/none']);
  });

  it('leaves a model bigger than a quarter of deviceMemory to the scripted engine on WASM', () => {
    expect(names('auto', caps({ deviceMemoryGiB: 0.003 }))).to.deep.equal(['scripted/none']);
    expect(names('auto', caps({ deviceMemoryGiB: 8 }))).to.deep.equal(['transformers/wasm', 'scripted/none']);
  });

  it('starts a forced setting at its rung whatever the probes say, keeping the rungs below', () => {
    expect(names('webllm', caps(), { ...manifest, builds: f16Only })).to.deep.equal([
      'webllm/webgpu',
      'transformers/webgpu',
      'transformers/wasm',
      'scripted/none',
    ]);
    expect(names('webgpu', caps())).to.deep.equal(['transformers/webgpu', 'transformers/wasm', 'scripted/none']);
    expect(names('wasm', caps({ webgpu: gpu(['shader-f16']) }))).to.deep.equal(['transformers/wasm', 'scripted/none']);
    expect(names('scripted', caps({ webgpu: gpu(['shader-f16']) }))).to.deep.equal(['scripted/none']);
  });

  it("gives a web-llm rung its build's known-answer check, with the system prompt it is asked under", () => {
    const known_answer = { question: 'hi', top_logprobs: [{ token: 'Hi', id: 7, logprob: -0.01 }], tolerance: 0.05 };
    const checked = { ...manifest, system: 'You are Ada.', builds: { mlc: [{ ...builds.mlc![1]!, known_answer }] } };
    const [webllm] = planLadder('auto', checked, caps({ webgpu: gpu([]) }), context);
    expect(webllm!.kind !== 'scripted' && webllm!.spec).to.deep.include({
      knownAnswer: known_answer,
      systemPrompt: 'You are Ada.',
    });
  });

  it('resolves build URLs against the manifest and gives each rung its dtype, size, the notes to draft from and the system prompt', () => {
    const [webllm, , webgpu, wasm] = planLadder('auto', manifest, caps({ webgpu: gpu(['shader-f16']) }), context);
    expect(webllm).to.deep.include({ bytes: 2e6 });
    expect(webllm!.kind !== 'scripted' && webllm!.spec).to.deep.include({
      buildUrl: 'https://twins.example/ada/mlc/',
      modelLib: 'https://twins.example/ada/lib/model.wasm',
      requiredFeatures: ['shader-f16'],
    });
    expect(webgpu!.kind !== 'scripted' && webgpu!.spec).to.deep.include({
      buildUrl: 'https://twins.example/ada/onnx-build/',
      dtype: 'fp32',
    });
    expect(wasm!.kind !== 'scripted' && wasm!.spec).to.deep.include({
      dtype: 'q8',
      expectedBytes: 1e6,
      assetBase: 'https://site.example/assets/',
    });
    expect(wasm!.kind !== 'scripted' && wasm!.spec.draftNotes).to.deep.equal(['Maps of the sea.']);
    expect(wasm!.kind !== 'scripted' && wasm!.spec.systemPrompt).to.equal(manifest.system);
  });
});
