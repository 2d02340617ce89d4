import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TwinChat } from '../../src/index.js';
import { pickLocalVoice } from '../../src/speech/spoken-replies.js';
import { ask, messageTexts, noticeTexts, part, readyChat, REGISTRY } from './helpers.js';

/** A voice as getVoices() lists it; only the fields the product reads. */
function voice(name: string, lang: string, localService: boolean, isDefault = false): SpeechSynthesisVoice {
  return { name, lang, localService, default: isDefault, voiceURI: name } as SpeechSynthesisVoice;
}

const NETWORK_EN = voice('Google US English', 'en-US', false, true);
const LOCAL_FR = voice('espeak French', 'fr-FR', true);
const LOCAL_EN = voice('espeak English', 'en-GB', true);

/**
 * A fake at the device boundary: headless Chromium on these machines has no voices at all, so the test lists
 * voices itself and records what would have been spoken. The element's own code picks the voice and speaks.
 */
function fakeVoices(voices: SpeechSynthesisVoice[]): { spoken: FakeUtterance[]; cancels: number; restore(): void } {
  const synthesis = window.speechSynthesis;
  const record = { spoken: [] as FakeUtterance[], cancels: 0, restore: () => undefined as void };
  const own = synthesis as unknown as Record<string, unknown>;
  const Utterance = window.SpeechSynthesisUtterance;
  own.getVoices = () => voices;
  own.speak = (utterance: FakeUtterance) => record.spoken.push(utterance);
  own.cancel = () => void record.cancels++;
  // A real utterance accepts only a real voice object, and these voices are made up.
  window.SpeechSynthesisUtterance = FakeUtterance as unknown as typeof SpeechSynthesisUtterance;
  record.restore = () => {
    delete own.getVoices;
    delete own.speak;
    delete own.cancel;
    window.SpeechSynthesisUtterance = Utterance;
  };
  return record;
}

class FakeUtterance {
  voice: SpeechSynthesisVoice | null = null;
  lang = '';
  constructor(readonly text: string) {}
}

function speaker(el: TwinChat): HTMLButtonElement {
  return part(el, 'speaker') as HTMLButtonElement;
}

describe('spoken replies: the speaker toggle', () => {
  let voices: ReturnType<typeof fakeVoices>;
  afterEach(() => voices.restore());

  it('is off on every load: nothing is read aloud until the visitor turns it on', async () => {
    voices = fakeVoices([LOCAL_EN]);
    const el = await readyChat();
    expect(speaker(el).getAttribute('aria-label')).to.equal('Read replies aloud');
    expect(speaker(el).getAttribute('aria-pressed')).to.equal('false');
    await ask(el, 'Where do you live?');
    expect(voices.spoken).to.have.length(0);
  });

  it('reads each finished reply with an on-device voice of the page language, never a network voice', async () => {
    voices = fakeVoices([NETWORK_EN, LOCAL_FR, LOCAL_EN]);
    const el = await readyChat();
    speaker(el).click();
    await el.updateComplete;
    expect(speaker(el).getAttribute('aria-pressed')).to.equal('true');
    await ask(el, 'Where do you live?');
    expect(voices.spoken).to.have.length(1);
    expect(voices.spoken[0]!.text).to.equal(messageTexts(el).at(-1));
    expect(voices.spoken[0]!.voice?.name).to.equal('espeak English');
    // Turning it off silences what is still being read.
    const cancelsBefore = voices.cancels;
    speaker(el).click();
    await el.updateComplete;
    expect(voices.cancels).to.be.greaterThan(cancelsBefore);
    await ask(el, 'What do you do?');
    expect(voices.spoken).to.have.length(1);
  });

  it('with only network voices it says so, turns itself off, and the conversation is untouched', async () => {
    voices = fakeVoices([NETWORK_EN]);
    const el = await readyChat();
    speaker(el).click();
    await ask(el, 'Where do you live?');
    expect(voices.spoken).to.have.length(0);
    expect(noticeTexts(el).join(' ')).to.contain('no on-device voice');
    expect(speaker(el).getAttribute('aria-pressed')).to.equal('false');
    expect(messageTexts(el)).to.have.length(3);
  });

  it('stores nothing: a new chat starts silent, and no storage holds the setting', async () => {
    voices = fakeVoices([LOCAL_EN]);
    const first = await readyChat();
    speaker(first).click();
    await first.updateComplete;
    expect(localStorage.length + sessionStorage.length).to.equal(0);
    const second = await readyChat();
    expect(speaker(second).getAttribute('aria-pressed')).to.equal('false');
  });

  it('speech="off" hides it with the mic', async () => {
    voices = fakeVoices([LOCAL_EN]);
    const el = await fixture<TwinChat>(html`<twin-chat registry=${REGISTRY} speech="off"></twin-chat>`);
    await waitUntil(() => messageTexts(el).length > 0, 'the twin never loaded');
    expect(!!part(el, 'speaker')).to.equal(false);
  });
});

describe('pickLocalVoice', () => {
  it('prefers a local voice of the language, then the local default, then any local voice; never a network one', () => {
    expect(pickLocalVoice([NETWORK_EN, LOCAL_FR, LOCAL_EN], 'en')?.name).to.equal('espeak English');
    expect(pickLocalVoice([NETWORK_EN, LOCAL_FR, LOCAL_EN], 'fr-CA')?.name).to.equal('espeak French');
    expect(pickLocalVoice([LOCAL_FR, voice('local default', 'de-DE', true, true)], 'en')?.name).to.equal(
      'local default',
    );
    expect(pickLocalVoice([NETWORK_EN, LOCAL_FR], 'en')?.name).to.equal('espeak French');
    expect(pickLocalVoice([NETWORK_EN], 'en')).to.equal(undefined);
  });
});
