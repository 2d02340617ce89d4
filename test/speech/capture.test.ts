import { expect } from '@open-wc/testing';
import type { SuiteContext } from '../engines/model-helpers.js';
import { pickRecordingType, RECORDING_TYPES, toMono16k } from '../../src/speech/audio.js';
import { MIN_CLIP_SECONDS, SPEECH_SAMPLE_RATE } from '../../src/speech/clip.js';
import { browserMicEnvironment, type MicEnvironment } from '../../src/speech/mic-environment.js';
import { Recording } from '../../src/speech/recorder.js';

/** The browser's microphone, with every stream it hands out kept so the test can check the tracks. */
function watchedEnvironment(): { env: MicEnvironment; streams: MediaStream[] } {
  const real = browserMicEnvironment()!;
  const streams: MediaStream[] = [];
  return {
    streams,
    env: {
      ...real,
      getUserMedia: async (constraints) => {
        const stream = await real.getUserMedia(constraints);
        streams.push(stream);
        return stream;
      },
    },
  };
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

describe('capture: fake microphone → MediaRecorder → decode → mono → 16 kHz', function (this: SuiteContext) {
  this.timeout(30000);

  it('records the spoken sentence and resamples it to 16000 × duration samples (within 2%), at 16 kHz', async () => {
    const { env, streams } = watchedEnvironment();
    const recording = await Recording.start(env);
    expect(recording.mimeType).to.match(/^audio\/webm/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const level = recording.level();
    const blob = await recording.stop();
    // The tracks stop with the recorder: the browser's recording indicator goes out on release.
    expect(streams).to.have.length(1);
    expect(streams[0]!.getTracks().every((track) => track.readyState === 'ended')).to.equal(true);
    expect(blob.size).to.be.greaterThan(0);

    const clip = await toMono16k(blob);
    const expected = SPEECH_SAMPLE_RATE * clip.sourceSeconds;
    expect(Math.abs(clip.samples.length - expected) / expected).to.be.lessThan(0.02);
    // And the recording itself is about as long as the hold.
    expect(clip.sourceSeconds).to.be.within(1.2, 2.2);
    expect(clip.sourceSampleRate).to.equal(48000);
    // Real audio, not silence: espeak-ng's sentence through the fake device.
    expect(rms(clip.samples)).to.be.greaterThan(0.005);
    expect(level).to.be.within(0, 1);
  });

  it('picks the first container/codec MediaRecorder supports, webm/opus before mp4/aac', () => {
    expect(pickRecordingType((type) => MediaRecorder.isTypeSupported(type))).to.equal('audio/webm;codecs=opus');
    expect(pickRecordingType((type) => type.startsWith('audio/mp4'))).to.equal('audio/mp4;codecs=mp4a.40.2');
    expect(pickRecordingType(() => false)).to.equal('');
    expect(RECORDING_TYPES.indexOf('audio/webm;codecs=opus')).to.be.lessThan(RECORDING_TYPES.indexOf('audio/mp4'));
  });

  it('knows a tap from speech: the limit is 0.3 s', () => {
    expect(MIN_CLIP_SECONDS).to.equal(0.3);
  });
});
