import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EngineSetting } from '../engines/engine-setting.js';
import type { MicController } from '../speech/mic-controller.js';
import { SPEECH_PROBLEMS } from '../speech/speech-problems.js';
import { IDLE_MIC, type MicView } from './mic-button.js';
import type { Notices } from './notices.js';

/** The attributes that choose the speech model and where it runs. */
export interface SpeechSettings {
  engine: EngineSetting;
  speechModel: string;
  speechDtype: string;
  assetBase: string;
}

/**
 * Hold-to-talk for the element. The MicController (recording, resampling, the Whisper worker) loads with the
 * first hold, so a page that never talks never downloads it; each transcript goes to `transcript`.
 */
export class SpeechInputController implements ReactiveController {
  #mic: MicController | undefined;
  #loading: Promise<MicController> | undefined;
  /** Whether the mic button is down right now, including while the controller is still loading. */
  #held = false;
  /** Bumped when the element leaves the page, so a hold whose controller was still loading records nothing. */
  #connection = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly notices: Notices,
    private readonly settings: () => SpeechSettings,
    private readonly transcript: (text: string) => void,
    /** The assets folder without an `asset-base` attribute (engines/asset-base.ts). */
    private readonly defaultAssetBase: URL,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#connection++;
  }

  /** What the mic button shows: idle until the first hold has loaded the controller. */
  get view(): MicView {
    return this.#mic ?? IDLE_MIC;
  }

  /** The MicController, once the first hold has loaded it. */
  get controller(): MicController | undefined {
    return this.#mic;
  }

  get recording(): boolean {
    return this.view.state === 'recording' || this.view.state === 'starting';
  }

  press(): void {
    this.notices.dismiss(SPEECH_PROBLEMS);
    this.#held = true;
    const connection = this.#connection;
    void this.load().then(
      (mic) => {
        if (connection !== this.#connection) return;
        mic.press();
        // Let go while the controller loaded: a tap, which the controller refuses with its notice.
        if (!this.#held) mic.release();
      },
      (error: unknown) => this.notices.show('speech-failed', `Speech input could not be loaded: ${String(error)}`),
    );
  }

  release(): void {
    this.#held = false;
    this.#mic?.release();
  }

  cancel(): void {
    this.#mic?.cancel();
  }

  /** Loads the MicController, as the first hold does. */
  load(): Promise<MicController> {
    this.#loading ??= import('../speech/mic-controller.js').then(
      ({ MicController }) =>
        (this.#mic = new MicController(this.host, {
          spec: () => this.#spec(),
          transcript: this.transcript,
          problem: (code, message) => this.notices.show(code, message),
        })),
    );
    // A failed load (the chunk unreachable) is tried again on the next hold.
    this.#loading.catch(() => (this.#loading = undefined));
    return this.#loading;
  }

  /**
   * Whisper runs where the twin's ladder would: WebGPU when the probes find an adapter (and the engine is not
   * forced onto the CPU), else WASM.
   */
  async #spec() {
    // Loaded with the first hold, not with the page.
    const [{ probeCapabilities }, { speechLoadSpec }] = await Promise.all([
      import('../engines/capabilities.js'),
      import('../speech/speech-model.js'),
    ]);
    const { engine, speechModel, speechDtype, assetBase } = this.settings();
    const cpuOnly = engine === 'wasm' || engine === 'scripted';
    const device = !cpuOnly && (await probeCapabilities()).webgpu ? 'webgpu' : 'wasm';
    return speechLoadSpec({
      url: speechModel ? new URL(speechModel, document.baseURI).href : '',
      dtype: speechDtype,
      device,
      assetBase: assetBase ? new URL(assetBase, document.baseURI) : this.defaultAssetBase,
    });
  }
}
