import { expect, waitUntil } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MicController, type SpeechProblem } from '../../src/speech/mic-controller.js';
import { speechLoadSpec } from '../../src/speech/speech-model.js';
import type { SuiteContext } from '../engines/model-helpers.js';
import { ORT_ASSETS, SPEECH_TIMEOUT, WHISPER_FIXTURE } from './helpers.js';

/** Just enough of a Lit host for the controller on its own. */
function host(): ReactiveControllerHost {
  return {
    addController: (_: ReactiveController) => undefined,
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
}

describe('mic controller on its own (fake microphone, fixture Whisper)', function (this: SuiteContext) {
  this.timeout(SPEECH_TIMEOUT);

  it('caps a hold at the limit with a notice, and transcribes the first part', async () => {
    const problems: SpeechProblem[] = [];
    const transcripts: string[] = [];
    const mic = new MicController(host(), {
      spec: async () =>
        speechLoadSpec({ url: new URL(WHISPER_FIXTURE, location.href).href, dtype: '', device: 'wasm', assetBase: new URL(ORT_ASSETS, location.href) }),
      transcript: (text) => transcripts.push(text),
      problem: (code) => problems.push(code),
      maxSeconds: 1,
    });
    mic.press();
    // Still held: the cap ends the recording by itself.
    await waitUntil(() => transcripts.length > 0, 'no transcript', { timeout: SPEECH_TIMEOUT });
    expect(problems).to.deep.equal(['clip-too-long']);
    expect(mic.lastClip!.capped).to.equal(true);
    // Never more than the cap; a little less where the recorder started late.
    expect(mic.lastClip!.samples).to.be.within(12000, 16000);
    mic.release();
    expect(mic.state).to.equal('idle');
  });

  it('Esc-style cancel while recording throws the clip away: no transcript, no notice', async () => {
    const problems: SpeechProblem[] = [];
    const transcripts: string[] = [];
    const mic = new MicController(host(), {
      spec: async () =>
        speechLoadSpec({ url: new URL(WHISPER_FIXTURE, location.href).href, dtype: '', device: 'wasm', assetBase: new URL(ORT_ASSETS, location.href) }),
      transcript: (text) => transcripts.push(text),
      problem: (code) => problems.push(code),
    });
    mic.press();
    await waitUntil(() => mic.state === 'recording', 'never recorded', { timeout: 10000 });
    mic.cancel();
    expect(mic.state).to.equal('idle');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(transcripts).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });
});
