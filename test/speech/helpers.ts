import { fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { TwinChat } from '../../src/index.js';
import type { SpeechInputController } from '../../src/element/speech-input-controller.js';
import type { MicController, MicState } from '../../src/speech/mic-controller.js';
import { engineLoaded, part, REGISTRY } from '../element/helpers.js';

/** The random-weight Whisper built by `twin-finetune whisper` (test/support/speech-fixtures.mjs), served from build/. */
export const WHISPER_FIXTURE = '/build/whisper-fixture/';
export const ORT_ASSETS = '/node_modules/onnxruntime-web/dist/';
/** Loading the fixture Whisper and transcribing on 2 shared cores. */
export const SPEECH_TIMEOUT = 60000;

export interface SpeechChatOptions {
  speechModel?: string;
  autoSend?: boolean;
  speech?: string;
}

/** A chat on the scripted fixture twins (no twin model to load) with the fixture Whisper as its speech model. */
export async function speechChat(options: SpeechChatOptions = {}): Promise<TwinChat> {
  const el = await fixture<TwinChat>(html`<twin-chat
    registry=${REGISTRY}
    engine="scripted"
    asset-base=${ORT_ASSETS}
    speech-model=${options.speechModel ?? WHISPER_FIXTURE}
    speech=${options.speech ?? 'on'}
    ?auto-send=${options.autoSend ?? false}
  ></twin-chat>`);
  await engineLoaded(el);
  return el;
}

/** The panel's hold-to-talk wiring (private: tests read its MicController's state and the last clip's figures). */
function speechInput(el: TwinChat): SpeechInputController {
  return (el as unknown as { panel: { mic: SpeechInputController } }).panel.mic;
}

/**
 * The element's mic controller (private: tests read its state and the last clip's figures). It loads with the
 * first hold, so this is for after one; `micState` and `loadedMic` work before.
 */
export function micOf(el: TwinChat): MicController {
  const mic = speechInput(el).controller;
  if (!mic) throw new Error('the mic controller has not loaded: nothing has held the mic button yet');
  return mic;
}

/** The mic's state; idle while its controller has not loaded. */
export function micState(el: TwinChat): MicState {
  return speechInput(el).view.state;
}

/** Loads the element's mic controller as the first hold would, for tests that press it directly. */
export function loadedMic(el: TwinChat): Promise<MicController> {
  return speechInput(el).load();
}

export function micButton(el: TwinChat): HTMLButtonElement {
  return part(el, 'mic') as HTMLButtonElement;
}

function centre(element: Element): [number, number] {
  const box = element.getBoundingClientRect();
  return [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
}

/** Puts the real mouse down on the mic button (and keeps it there until `mouseUp`). */
export async function mouseDown(el: TwinChat): Promise<void> {
  await sendMouse({ type: 'move', position: centre(micButton(el)) });
  await sendMouse({ type: 'down' });
}

export async function mouseUp(): Promise<void> {
  await sendMouse({ type: 'up' });
}

/** Holds the mic button with the real mouse for `ms`, then lets go `offButton` (dragged off it first) or on it. */
export async function holdWithMouse(el: TwinChat, ms: number, { dragOff = false } = {}): Promise<void> {
  await mouseDown(el);
  await waitUntil(() => micState(el) === 'recording', 'recording never started', { timeout: 10000 });
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (dragOff) {
    const [x, y] = centre(part(el, 'log')!);
    await sendMouse({ type: 'move', position: [x, y] });
  }
  await mouseUp();
}

/** Holds Space on the focused mic button for `ms`. */
export async function holdWithKeyboard(el: TwinChat, ms: number, key = 'Space'): Promise<void> {
  micButton(el).focus();
  await sendKeys({ down: key });
  await waitUntil(() => micState(el) === 'recording', 'recording never started', { timeout: 10000 });
  await new Promise((resolve) => setTimeout(resolve, ms));
  await sendKeys({ up: key });
}

/** Waits until the mic is idle again (transcribed, or refused). */
export async function micIdle(el: TwinChat): Promise<void> {
  await waitUntil(() => micState(el) === 'idle', 'the mic never settled', { timeout: SPEECH_TIMEOUT });
  await el.updateComplete;
}

export function noticeCodes(el: TwinChat): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="notice"]')].map(
    (notice) => notice.getAttribute('data-code') ?? '',
  );
}
