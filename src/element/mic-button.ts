import { html, nothing, type TemplateResult } from 'lit';
import type { MicController } from '../speech/mic-controller.js';
import { micIcon } from './icons.js';
import { fill, type Labels } from './labels.js';

/** What the button shows of the mic controller: all of it is state, so the controller can load on the first hold. */
export type MicView = Pick<MicController, 'state' | 'elapsedMs' | 'level' | 'modelProgress'>;

/** The button before the first hold, while no controller has been loaded. */
export const IDLE_MIC: MicView = { state: 'idle', elapsedMs: 0, level: 0, modelProgress: undefined };

export interface MicHandlers {
  press(): void;
  release(): void;
}

/** "0:07" */
function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);
}

/** What the mic is doing, in words: shown beside the button (part `mic-status`). */
export function micStatusText(mic: MicView, labels: Labels): string {
  // While the button is held, the recording is what matters; the model's download shows before and after.
  if (mic.state === 'recording') return fill(labels.recording, { time: clock(mic.elapsedMs) });
  const progress = mic.modelProgress;
  if (progress && progress.phase !== 'ready') {
    if (progress.phase === 'compile') return labels.preparingSpeech;
    if (progress.total <= 0) return progress.fromCache ? labels.loadingSpeechFromCache : labels.loadingSpeech;
    const bytes = { loaded: megabytes(progress.loaded), total: megabytes(progress.total) };
    return fill(progress.fromCache ? labels.loadingSpeechFromCacheBytes : labels.loadingSpeechBytes, bytes);
  }
  switch (mic.state) {
    case 'starting':
      return labels.openingMic;
    case 'transcribing':
      return labels.transcribing;
    default:
      return '';
  }
}

/**
 * The hold-to-talk button (part `mic`). Pointer: down starts, up stops; the pointer is captured, so a finger or
 * mouse that slides off the button while held still ends the recording when it lifts. Keyboard: hold Space or
 * Enter on the focused button. Its name stays "Hold to talk"; aria-pressed says whether it is recording.
 */
export function renderMicButton(mic: MicView, handlers: MicHandlers, labels: Labels): TemplateResult | typeof nothing {
  const recording = mic.state === 'recording' || mic.state === 'starting';
  const busy = mic.state === 'transcribing';
  const status = micStatusText(mic, labels);
  const isHoldKey = (event: KeyboardEvent) => event.key === ' ' || event.key === 'Enter';
  return html`<button
      type="button"
      part="mic"
      class="mic"
      data-state=${mic.state}
      aria-label=${labels.holdToTalk}
      aria-pressed=${recording ? 'true' : 'false'}
      aria-keyshortcuts="Space Enter"
      aria-describedby="mic-status"
      ?disabled=${busy}
      @pointerdown=${(event: PointerEvent) => {
        if (event.button !== 0) return;
        // No focus-stealing text selection or emulated mouse events; the button still takes focus below.
        event.preventDefault();
        (event.currentTarget as HTMLElement).focus();
        (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
        handlers.press();
      }}
      @pointerup=${handlers.release}
      @pointercancel=${handlers.release}
      @lostpointercapture=${handlers.release}
      @keydown=${(event: KeyboardEvent) => {
        if (!isHoldKey(event)) return;
        // Holding a key repeats keydown; only the first press counts. preventDefault: no click, no newline.
        event.preventDefault();
        event.stopPropagation();
        if (!event.repeat) handlers.press();
      }}
      @keyup=${(event: KeyboardEvent) => {
        if (!isHoldKey(event)) return;
        event.preventDefault();
        handlers.release();
      }}
      @blur=${handlers.release}
      @contextmenu=${(event: Event) => event.preventDefault()}
    >
      ${micIcon()}
      <span
        part="mic-level"
        class="mic-level"
        aria-hidden="true"
        data-level=${recording ? Math.round(mic.level * 10) : 0}
      ></span>
    </button>
    <span id="mic-status" part="mic-status" class="mic-status" ?hidden=${!status}>${status}</span>`;
}
