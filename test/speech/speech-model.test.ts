import { expect } from '@open-wc/testing';
import { micStatusText, type MicView } from '../../src/element/mic-button.js';
import { DEFAULT_LABELS } from '../../src/element/labels.js';
import type { MicController } from '../../src/speech/mic-controller.js';
import { DEFAULT_SPEECH_MODEL_URL, speechLoadSpec } from '../../src/speech/speech-model.js';

const status = (view: MicView) => micStatusText(view, DEFAULT_LABELS);

const assetBase = new URL('https://site.example/twin/assets/');

describe('speech model spec', () => {
  it('defaults to whisper-tiny.en from the hub: q8 on WASM, fp32 on WebGPU, with a size for progress', () => {
    const wasm = speechLoadSpec({ url: '', dtype: '', device: 'wasm', assetBase });
    expect(wasm.buildUrl).to.equal(DEFAULT_SPEECH_MODEL_URL);
    expect(wasm.buildUrl).to.contain('onnx-community/whisper-tiny.en');
    expect(wasm.dtype).to.equal('q8');
    expect(wasm.expectedBytes).to.be.greaterThan(0);
    expect(wasm.assetBase).to.equal(assetBase.href);
    expect(speechLoadSpec({ url: '', dtype: '', device: 'webgpu', assetBase }).dtype).to.equal('fp32');
  });

  it('takes any folder URL (with or without its slash) and dtype; an unknown size is 0', () => {
    const spec = speechLoadSpec({ url: 'https://cdn.example/whisper', dtype: 'fp16', device: 'webgpu', assetBase });
    expect(spec.buildUrl).to.equal('https://cdn.example/whisper/');
    expect(spec.dtype).to.equal('fp16');
    expect(spec.expectedBytes).to.equal(0);
  });
});

describe('mic status text', () => {
  const mic = (patch: Partial<MicController>) =>
    ({ state: 'idle', elapsedMs: 0, level: 0, modelProgress: undefined, ...patch }) as MicController;

  it('says what the mic is doing', () => {
    expect(status(mic({}))).to.equal('');
    expect(status(mic({ state: 'starting' }))).to.equal('Opening the microphone…');
    expect(status(mic({ state: 'recording', elapsedMs: 7300 }))).to.equal('Recording 0:07');
    expect(status(mic({ state: 'recording', elapsedMs: 65000 }))).to.equal('Recording 1:05');
    expect(status(mic({ state: 'transcribing' }))).to.equal('Transcribing…');
  });

  it('shows the speech model download in megabytes, except while recording', () => {
    const progress = { phase: 'fetch' as const, loaded: 12_300_000, total: 41_000_000, fromCache: false };
    expect(status(mic({ state: 'transcribing', modelProgress: progress }))).to.equal(
      'Loading the speech model: 12 of 41 MB',
    );
    expect(status(mic({ state: 'recording', elapsedMs: 1000, modelProgress: progress }))).to.equal('Recording 0:01');
    expect(
      status(mic({ modelProgress: { ...progress, phase: 'cache', fromCache: true, loaded: 5_000_000 } })),
    ).to.equal('Loading the speech model from cache: 5.0 of 41 MB');
    expect(status(mic({ modelProgress: { ...progress, phase: 'compile' } }))).to.equal('Preparing the speech model…');
  });
});
