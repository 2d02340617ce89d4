import { expect, waitUntil } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MicController, type MicControllerOptions, type SpeechProblem } from '../../src/speech/mic-controller.js';
import { speechLoadSpec } from '../../src/speech/speech-model.js';
import { holdTimers } from '../element/held-timers.js';
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

/** A controller on the fixture Whisper and the fake microphone, keeping every transcript and problem it reports. */
function fixtureMic(options: Partial<MicControllerOptions> = {}) {
  const transcripts: string[] = [];
  const problems: SpeechProblem[] = [];
  const mic = new MicController(host(), {
    spec: async () =>
      speechLoadSpec({
        url: new URL(WHISPER_FIXTURE, location.href).href,
        dtype: '',
        device: 'wasm',
        assetBase: new URL(ORT_ASSETS, location.href),
      }),
    transcript: (text) => transcripts.push(text),
    problem: (code) => problems.push(code),
    ...options,
  });
  return { mic, transcripts, problems };
}

/** Holds the mic until it has recorded a second, enough speech to transcribe. */
async function recordASecond(mic: MicController): Promise<void> {
  mic.press();
  await waitUntil(() => mic.state === 'recording' && mic.elapsedMs >= 1000, 'never recorded a second', {
    timeout: 10000,
  });
}

describe('mic controller on its own (fake microphone, fixture Whisper)', function (this: SuiteContext) {
  this.timeout(SPEECH_TIMEOUT);

  it('caps a hold at the limit with a notice, and transcribes the first part', async () => {
    const { mic, transcripts, problems } = fixtureMic({ maxSeconds: 1 });
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

  it('Esc-style cancel while recording throws the clip away: no transcript, no notice, however late', async () => {
    const { mic, transcripts, problems } = fixtureMic();
    // Long enough to be transcribed, had it not been thrown away.
    await recordASecond(mic);
    const timers = holdTimers();
    mic.cancel();
    expect(mic.state).to.equal('idle');
    // Anything the cancel put off, by any delay, starts now (a transcription would hold the mic until it ends).
    timers.runAll();
    await waitUntil(() => mic.state === 'idle', 'the mic never settled', { timeout: SPEECH_TIMEOUT });
    // Then a clip that is not cancelled goes the same way, to the same worker: when its transcript is in, one
    // for the cancelled clip, started before it, would be in too.
    await recordASecond(mic);
    mic.release();
    await waitUntil(() => mic.state === 'idle' && transcripts.length > 0, 'no transcript', { timeout: SPEECH_TIMEOUT });
    expect(transcripts).to.have.length(1);
    expect(problems).to.deep.equal([]);
  });
});
