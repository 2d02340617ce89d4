import { expect } from '@open-wc/testing';
import { crashSpeechWorkersForTesting, transcriberFor } from '../../../src/speech/transcriber.js';
import type { SuiteContext } from '../model-helpers.js';

/** The random-weight Whisper fixture (test/support/speech-fixtures.mjs), served from build/. */
const WHISPER_FIXTURE = new URL('/build/whisper-fixture/', location.href).href;
const ORT_ASSETS = new URL('/node_modules/onnxruntime-web/dist/', location.href).href;

describe('speech worker on SwiftShader WebGPU', function (this: SuiteContext) {
  this.timeout(180000);

  afterEach(() => crashSpeechWorkersForTesting());

  it('runs the Whisper fixture on WebGPU (fp32) and returns words; the audio buffer is transferred', async () => {
    const transcriber = transcriberFor({
      buildUrl: WHISPER_FIXTURE,
      device: 'webgpu',
      dtype: 'fp32',
      assetBase: ORT_ASSETS,
      expectedBytes: 0,
    });
    await transcriber.ready;
    const audio = new Float32Array(16000 * 2).map((_, i) => 0.1 * Math.sin((2 * Math.PI * 220 * i) / 16000));
    const result = transcriber.transcribe(audio);
    expect(audio.byteLength).to.equal(0);
    const { text, seconds } = await result;
    expect(text).to.match(/^[a-z]+( [a-z]+)*$/);
    expect(seconds).to.be.greaterThan(0);
  });
});
