import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { assetRequests, type SuiteContext } from '../engines/model-helpers.js';
import type { TwinChat } from '../../src/index.js';
import { crashSpeechWorkersForTesting } from '../../src/speech/transcriber.js';
import { input, messageTexts, part, REGISTRY } from '../element/helpers.js';
import {
  holdWithKeyboard,
  holdWithMouse,
  micButton,
  micIdle,
  micOf,
  micState,
  mouseDown,
  mouseUp,
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
    await waitUntil(() => micState(el) === 'recording' && micOf(el).elapsedMs > 300, 'no recording state', {
      timeout: 10000,
    });
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

  it('a hold past 30 s stops at 30 s with a notice, and those 30 s are transcribed', async () => {
    const el = await speechChat();
    await mouseDown(el);
    // Still held: the element's own cap (one Whisper window) ends the recording.
    await waitUntil(() => input(el).value !== '', 'no transcript after the cap', { timeout: SPEECH_TIMEOUT + 35000 });
    expect(noticeCodes(el)).to.include('clip-too-long');
    const clip = micOf(el).lastClip!;
    expect(clip.capped).to.equal(true);
    expect(clip.samples).to.be.within(16000 * 29, 16000 * 30);
    await mouseUp();
    await micIdle(el);
  });

  it('a tap under 0.3 s is refused with a notice, and the typed text stays', async () => {
    const el = await speechChat();
    input(el).value = 'keep me';
    // Down and straight up again: released before the mic controller has even loaded.
    await mouseDown(el);
    await mouseUp();
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
    await waitUntil(() => input(el).value !== 'still here', 'no transcript after the crash', {
      timeout: SPEECH_TIMEOUT,
    });
    expect(noticeCodes(el)).not.to.include('speech-failed');
  });

  it('an unreachable speech model is a notice, asked for once per hold; the typed text stays', async () => {
    const el = await speechChat({ speechModel: '/no/such/whisper/' });
    input(el).value = 'typed';
    await assetRequests(true);
    await holdWithMouse(el, 500);
    await waitUntil(() => noticeCodes(el).includes('speech-model-unreachable'), 'no unreachable notice', {
      timeout: SPEECH_TIMEOUT,
    });
    await micIdle(el);
    expect(input(el).value).to.equal('typed');
    const missing = Object.entries(await assetRequests()).filter(([path]) => path.startsWith('/no/such/whisper/'));
    expect(missing.length).to.be.greaterThan(0);
    // The recording starts the load and the clip waits for that same load: no second round of 404s.
    expect(missing.filter(([, count]) => count !== 1)).to.deep.equal([]);
  });

  it('a microphone another app holds (NotReadableError) is a notice; the typed text stays', async () => {
    const el = await speechChat();
    input(el).value = 'typed';
    // A fake at the device boundary: these machines have no second app to hold the microphone.
    const devices = navigator.mediaDevices;
    const getUserMedia = devices.getUserMedia;
    devices.getUserMedia = () => Promise.reject(new DOMException('Device in use', 'NotReadableError'));
    try {
      await mouseDown(el);
      await waitUntil(() => noticeCodes(el).includes('mic-unavailable'), 'no unavailable notice', { timeout: 10000 });
    } finally {
      devices.getUserMedia = getUserMedia;
      await mouseUp();
    }
    await micIdle(el);
    expect(input(el).value).to.equal('typed');
    expect(micButton(el).getAttribute('aria-pressed')).to.equal('false');
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
