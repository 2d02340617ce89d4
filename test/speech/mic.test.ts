import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { SuiteContext } from '../engines/model-helpers.js';
import type { TwinChat } from '../../src/index.js';
import { crashSpeechWorkersForTesting } from '../../src/speech/transcriber.js';
import { input, messageTexts, part, REGISTRY } from '../element/helpers.js';
import {
  holdWithKeyboard,
  holdWithMouse,
  micButton,
  micIdle,
  micOf,
  noticeCodes,
  SPEECH_TIMEOUT,
  speechChat,
} from './helpers.js';

/** The fixture Whisper (random weights) may only say whole words from a small list, so its transcript is words. */
const WORDS = /^[a-z]+( [a-z]+)*$/;

describe('mic: hold to talk, in real Chromium with a fake microphone playing espeak-ng', function (this: SuiteContext) {
  this.timeout(SPEECH_TIMEOUT * 2);

  it('pointer hold → MediaRecorder → 16 kHz → Whisper worker → the transcript in the input', async () => {
    const el = await speechChat();
    const mic = micButton(el);
    expect(mic.getAttribute('aria-label')).to.equal('Hold to talk');
    expect(mic.getAttribute('aria-pressed')).to.equal('false');

    const holding = holdWithMouse(el, 1500);
    await waitUntil(() => micOf(el).state === 'recording' && micOf(el).elapsedMs > 300, 'no recording state', { timeout: 10000 });
    await el.updateComplete;
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
    expect(part(el, 'mic-status')!.textContent).to.match(/^Recording 0:0\d$/);
    await holding;

    await waitUntil(() => input(el).value !== '', 'no transcript arrived', { timeout: SPEECH_TIMEOUT });
    expect(input(el).value).to.match(WORDS);
    const clip = micOf(el).lastClip!;
    expect(clip.sampleRate).to.equal(16000);
    expect(Math.abs(clip.samples - 16000 * clip.sourceSeconds) / (16000 * clip.sourceSeconds)).to.be.lessThan(0.02);
    expect(clip.sourceSeconds).to.be.within(1.0, 2.5);
    // Transferred to the worker, not copied: the page's copy is detached.
    expect(clip.transferred).to.equal(true);
    await micIdle(el);
    expect(mic.getAttribute('aria-pressed')).to.equal('false');
    // Nothing was sent: the transcript waits in the input to be edited.
    expect(messageTexts(el)).to.have.length(1);
  });

  it('keyboard: holding Space on the focused button records; the transcript joins what was typed', async () => {
    const el = await speechChat();
    input(el).value = 'Hi twin,';
    await holdWithKeyboard(el, 1200);
    await waitUntil(() => input(el).value !== 'Hi twin,', 'no transcript arrived', { timeout: SPEECH_TIMEOUT });
    expect(input(el).value.startsWith('Hi twin, ')).to.equal(true);
    expect(micOf(el).lastClip!.samples).to.be.greaterThan(16000);
  });

  it('keyboard: Enter works the same way', async () => {
    const el = await speechChat();
    await holdWithKeyboard(el, 800, 'Enter');
    await waitUntil(() => input(el).value !== '', 'no transcript arrived', { timeout: SPEECH_TIMEOUT });
    expect(input(el).value).to.match(WORDS);
  });

  it('a pointer that slides off the held button still ends the recording when it lifts (pointer capture)', async () => {
    const el = await speechChat();
    await holdWithMouse(el, 800, { dragOff: true });
    await waitUntil(() => input(el).value !== '', 'no transcript arrived', { timeout: SPEECH_TIMEOUT });
    await micIdle(el);
  });

  it('auto-send sends the transcript as the visitor’s message', async () => {
    const el = await speechChat({ autoSend: true });
    await holdWithMouse(el, 800);
    await waitUntil(() => messageTexts(el).length >= 2, 'the transcript was not sent', { timeout: SPEECH_TIMEOUT });
    expect(messageTexts(el)[1]).to.match(WORDS);
    expect(input(el).value).to.equal('');
  });

  it('a tap under 0.3 s is refused with a notice, and the typed text stays', async () => {
    const el = await speechChat();
    input(el).value = 'keep me';
    micOf(el).press();
    micOf(el).release();
    await waitUntil(() => noticeCodes(el).includes('clip-too-short'), 'no too-short notice', { timeout: 10000 });
    await micIdle(el);
    expect(input(el).value).to.equal('keep me');
  });

  it('a worker crash during transcription is a notice; the typed text stays and the next hold works', async () => {
    const el = await speechChat();
    input(el).value = 'still here';
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: unknown) {
      post.call(this, message, transfer as StructuredSerializeOptions);
      if ((message as { type?: string }).type === 'transcribe') queueMicrotask(() => crashSpeechWorkersForTesting());
    } as typeof Worker.prototype.postMessage;
    try {
      await holdWithMouse(el, 600);
      await waitUntil(() => noticeCodes(el).includes('speech-failed'), 'no crash notice', { timeout: SPEECH_TIMEOUT });
    } finally {
      Worker.prototype.postMessage = post;
    }
    await micIdle(el);
    expect(input(el).value).to.equal('still here');
    // A fresh worker takes over.
    await holdWithMouse(el, 600);
    await waitUntil(() => input(el).value !== 'still here', 'no transcript after the crash', { timeout: SPEECH_TIMEOUT });
    expect(noticeCodes(el)).not.to.include('speech-failed');
  });

  it('an unreachable speech model is a notice; the typed text stays', async () => {
    const el = await speechChat({ speechModel: '/no/such/whisper/' });
    input(el).value = 'typed';
    await holdWithMouse(el, 500);
    await waitUntil(() => noticeCodes(el).includes('speech-model-unreachable'), 'no unreachable notice', { timeout: SPEECH_TIMEOUT });
    await micIdle(el);
    expect(input(el).value).to.equal('typed');
  });

  it('speech="off" hides the mic button', async () => {
    const el = await speechChat({ speech: 'off' });
    expect(part(el, 'mic')).to.equal(null);
  });

  it('no MediaRecorder: no mic button', async () => {
    const saved = window.MediaRecorder;
    (window as { MediaRecorder?: unknown }).MediaRecorder = undefined;
    try {
      const el = await fixture<TwinChat>(html`<twin-chat registry=${REGISTRY} engine="scripted"></twin-chat>`);
      expect(part(el, 'mic')).to.equal(null);
    } finally {
      window.MediaRecorder = saved;
    }
  });
});
