import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { WorkerProgress } from '../worker/protocol.js';
import type { SpeechLoadSpec } from '../worker/speech-protocol.js';
import { MAX_CLIP_SECONDS, MIN_CLIP_SECONDS, SPEECH_SAMPLE_RATE, type ClipReport } from './clip.js';
import { browserMicEnvironment, type MicEnvironment } from './mic-environment.js';
import type { MicError, MicProblem, Recording } from './recorder.js';
import type { SpeechModelError, Transcriber } from './transcriber.js';

/** idle → starting (asking for the microphone) → recording → transcribing → idle. */
export type MicState = 'idle' | 'starting' | 'recording' | 'transcribing';

/** Every way speech input can fail; each becomes one notice. */
export type SpeechProblem = MicProblem | 'clip-too-short' | 'clip-too-long' | 'speech-empty' | SpeechModelError['code'];

export interface MicControllerOptions {
  /** The Whisper build to use; asked on the first hold only (the model loads lazily). */
  spec(): Promise<SpeechLoadSpec>;
  transcript(text: string): void;
  problem(code: SpeechProblem, message: string): void;
  /** Test seam: the browser's microphone and recorder by default. */
  environment?: () => MicEnvironment | undefined;
  /** Test seam: where a recording is capped (MAX_CLIP_SECONDS, one Whisper window, by default). */
  maxSeconds?: number;
}

/** How often the elapsed time and level meter refresh while recording. */
const TICK_MS = 100;

/**
 * Hold-to-talk, as state for the element to render (only the element touches the DOM): `press()` on pointer down
 * or Space/Enter down, `release()` on up. Holding opens the microphone and records; releasing stops every track,
 * decodes, mixes to mono, resamples to 16 kHz and sends the samples to Whisper in the speech worker. The
 * transcript is handed to `transcript`; every failure to `problem`, and nothing the visitor typed is touched.
 */
export class MicController implements ReactiveController {
  state: MicState = 'idle';
  /** While recording: milliseconds held, and the input level (0–1). */
  elapsedMs = 0;
  level = 0;
  /** While the speech model downloads or compiles on the first hold. */
  modelProgress: WorkerProgress | undefined;
  /** The last clip sent to the model (tests read its lengths; it says whether the buffer was transferred). */
  lastClip: ClipReport | undefined;

  #pressed = false;
  /** Bumped by cancel(), so a microphone that opens after a cancel is closed without a word. */
  #attempt = 0;
  #recording: Recording | undefined;
  /**
   * This hold's transcriber, asked for once: the recording starts the model loading and the clip waits for that
   * same load. Asking twice would retry an unreachable model within one hold, and fetch it twice.
   */
  #holdTranscriber: Promise<Transcriber> | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  readonly #environment: () => MicEnvironment | undefined;
  readonly #maxSeconds: number;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: MicControllerOptions,
  ) {
    this.#environment = options.environment ?? browserMicEnvironment;
    this.#maxSeconds = options.maxSeconds ?? MAX_CLIP_SECONDS;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** The button went down. A press while a clip is still being transcribed is ignored. */
  press(): void {
    if (this.state !== 'idle') return;
    const environment = this.#environment();
    if (!environment) return;
    this.#pressed = true;
    this.#set({ state: 'starting', elapsedMs: 0, level: 0 });
    void this.#record(environment);
  }

  /** The button came up (or lost the pointer, or focus): stop and transcribe. */
  release(): void {
    if (!this.#pressed) return;
    this.#pressed = false;
    if (this.state === 'recording') void this.#finish(false);
  }

  /** Stops recording and throws the clip away (Esc, the element leaving the page). */
  cancel(): void {
    this.#attempt++;
    this.#pressed = false;
    this.#stopTicker();
    this.#recording?.cancel();
    this.#recording = undefined;
    if (this.state === 'recording' || this.state === 'starting') this.#set({ state: 'idle', level: 0 });
  }

  async #record(environment: MicEnvironment): Promise<void> {
    // The model starts loading with the first hold, while the visitor speaks.
    this.#holdTranscriber = this.#transcriber();
    this.#holdTranscriber.catch(() => undefined);
    const attempt = this.#attempt;
    let recording: Recording;
    try {
      // The recorder (and the decoder it uses) loads with the first hold, not with the page.
      const { Recording } = await import('./recorder.js');
      recording = await Recording.start(environment);
    } catch (error) {
      if (attempt !== this.#attempt) return;
      this.#pressed = false;
      this.#set({ state: 'idle' });
      const code = (error as Partial<MicError>).code ?? 'mic-unavailable';
      return this.options.problem(code, error instanceof Error ? error.message : String(error));
    }
    if (attempt !== this.#attempt) return recording.cancel();
    if (!this.#pressed) {
      // Released before the microphone opened: a tap.
      recording.cancel();
      this.#set({ state: 'idle' });
      return this.#tooShort();
    }
    this.#recording = recording;
    this.#set({ state: 'recording' });
    this.#ticker = setInterval(() => {
      const elapsedMs = recording.seconds * 1000;
      this.#set({ elapsedMs, level: recording.level() });
      if (elapsedMs >= this.#maxSeconds * 1000) void this.#finish(true);
    }, TICK_MS);
  }

  async #finish(capped: boolean): Promise<void> {
    const recording = this.#recording;
    if (!recording) return;
    this.#recording = undefined;
    this.#stopTicker();
    const heldSeconds = recording.seconds;
    this.#set({ state: 'transcribing', level: 0 });
    try {
      const blob = await recording.stop();
      if (heldSeconds < MIN_CLIP_SECONDS || blob.size === 0) return this.#tooShort();
      // Decoding and the worker's page side load with the first clip, not with the page.
      const { toMono16k } = await import('./audio.js');
      const clip = await toMono16k(blob, this.#maxSeconds);
      if (clip.sourceSeconds < MIN_CLIP_SECONDS) return this.#tooShort();
      if (capped || clip.capped) {
        this.options.problem(
          'clip-too-long',
          `Recording stops after ${this.#maxSeconds} seconds; the first ${this.#maxSeconds} seconds are transcribed.`,
        );
      }
      const transcriber = await (this.#holdTranscriber ?? this.#transcriber());
      const samples = clip.samples as Float32Array<ArrayBuffer>;
      const report: ClipReport = {
        heldSeconds,
        sourceSeconds: clip.sourceSeconds,
        sourceSampleRate: clip.sourceSampleRate,
        sourceChannels: clip.sourceChannels,
        samples: samples.length,
        sampleRate: SPEECH_SAMPLE_RATE,
        capped: capped || clip.capped,
        transferred: false,
        mimeType: recording.mimeType,
      };
      const result = transcriber.transcribe(samples);
      report.transferred = samples.byteLength === 0;
      this.lastClip = report;
      const { text } = await result;
      if (text) this.options.transcript(text);
      else
        this.options.problem(
          'speech-empty',
          'No words were recognised in that recording. Try again, a little closer to the microphone.',
        );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as Partial<SpeechModelError>).code;
      if (code === 'speech-model-unreachable' || code === 'speech-failed') this.options.problem(code, message);
      else this.options.problem('speech-failed', `The recording could not be transcribed: ${message}`);
    } finally {
      this.#holdTranscriber = undefined;
      this.#set({ state: 'idle', modelProgress: undefined });
    }
  }

  /** The page's transcriber for this chat's model, with its loading progress shown while it loads. */
  async #transcriber(): Promise<Transcriber> {
    const [{ transcriberFor, SpeechModelError }, { checkAssets }] = await Promise.all([
      import('./transcriber.js'),
      import('../worker/assets-check.js'),
    ]);
    const spec = await this.options.spec();
    // The speech worker runs from the assets folder: a wrong one is named, not a worker failing without a word.
    await checkAssets(new URL(spec.assetBase)).catch((error: unknown) => {
      throw new SpeechModelError('speech-model-unreachable', error instanceof Error ? error.message : String(error));
    });
    const transcriber = transcriberFor(spec);
    const stop = transcriber.onProgress((progress) => this.#set({ modelProgress: progress }));
    try {
      await transcriber.ready;
    } finally {
      stop();
      if (this.modelProgress) this.#set({ modelProgress: undefined });
    }
    return transcriber;
  }

  #tooShort(): void {
    this.options.problem(
      'clip-too-short',
      'That was too short to hear anything: hold the mic button while you speak, then let go.',
    );
  }

  #stopTicker(): void {
    if (this.#ticker !== undefined) clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  #set(patch: Partial<Pick<MicController, 'state' | 'elapsedMs' | 'level' | 'modelProgress'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }
}
