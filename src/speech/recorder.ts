import { pickRecordingType } from './audio.js';
import type { MicEnvironment } from './mic-environment.js';

/** Why the microphone could not be opened; each gets its own notice. */
export type MicProblem = 'mic-denied' | 'mic-missing' | 'mic-unavailable';

export class MicError extends Error {
  constructor(
    readonly code: MicProblem,
    message: string,
  ) {
    super(message);
  }
}

/** getUserMedia's DOMException names → what the visitor is told. */
function micError(error: unknown): MicError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MicError(
        'mic-denied',
        'The microphone is blocked for this page. Allow it in the browser’s site settings to talk instead of typing.',
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MicError('mic-missing', 'No microphone was found. Connect one, or type your message.');
    default:
      return new MicError(
        'mic-unavailable',
        `The microphone could not be opened (${name || String(error)}); another app may be using it.`,
      );
  }
}

/**
 * One hold of the mic button: the microphone stream, a MediaRecorder writing whatever container/codec the browser
 * supports (webm/opus, mp4/aac), and an analyser for the level meter. Stopping it stops every track at once, so
 * the browser's "recording" indicator goes out the moment the button is released.
 */
export class Recording {
  readonly startedAt = performance.now();
  readonly #stream: MediaStream;
  readonly #recorder: MediaRecorder;
  readonly #chunks: Blob[] = [];
  readonly #stopped: Promise<Blob>;
  readonly #analyser: AnalyserNode | undefined;
  readonly #audio: AudioContext | undefined;
  readonly #frame: Float32Array<ArrayBuffer> | undefined;

  private constructor(stream: MediaStream, env: MicEnvironment) {
    this.#stream = stream;
    const mimeType = pickRecordingType((type) => env.MediaRecorder.isTypeSupported(type));
    this.#recorder = new env.MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    this.#stopped = new Promise((resolve, reject) => {
      this.#recorder.ondataavailable = (event) => {
        if (event.data.size > 0) this.#chunks.push(event.data);
      };
      this.#recorder.onstop = () => resolve(new Blob(this.#chunks, { type: this.#recorder.mimeType }));
      this.#recorder.onerror = (event) =>
        reject(new Error(`Recording failed: ${String((event as ErrorEvent).error ?? event.type)}`));
    });
    this.#stopped.catch(() => undefined);
    if (env.AudioContext) {
      try {
        this.#audio = new env.AudioContext();
        this.#analyser = this.#audio.createAnalyser();
        this.#analyser.fftSize = 1024;
        this.#audio.createMediaStreamSource(stream).connect(this.#analyser);
        this.#frame = new Float32Array(this.#analyser.fftSize);
      } catch {
        // No level meter, still a recording.
      }
    }
    this.#recorder.start();
  }

  /** Opens the microphone and starts recording; fails with a MicError that says why. */
  static async start(env: MicEnvironment): Promise<Recording> {
    let stream: MediaStream;
    try {
      stream = await env.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    } catch (error) {
      throw micError(error);
    }
    try {
      return new Recording(stream, env);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      throw new MicError('mic-unavailable', `The browser could not record: ${String(error)}`);
    }
  }

  get mimeType(): string {
    return this.#recorder.mimeType;
  }

  /** Seconds since recording started. */
  get seconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  /** Loudness right now, 0 (silence) to 1, for the level meter. */
  level(): number {
    if (!this.#analyser || !this.#frame) return 0;
    this.#analyser.getFloatTimeDomainData(this.#frame);
    let sum = 0;
    for (const sample of this.#frame) sum += sample * sample;
    // Speech RMS sits around 0.02–0.2; the square root spreads that over the meter.
    return Math.min(1, Math.sqrt(Math.sqrt(sum / this.#frame.length) * 4));
  }

  /** Stops the recorder and every microphone track now; resolves with the recording once the recorder has flushed. */
  stop(): Promise<Blob> {
    if (this.#recorder.state !== 'inactive') this.#recorder.stop();
    this.#release();
    return this.#stopped;
  }

  /** Stops and throws the recording away. */
  cancel(): void {
    void this.stop().catch(() => undefined);
  }

  #release(): void {
    for (const track of this.#stream.getTracks()) track.stop();
    void this.#audio?.close().catch(() => undefined);
  }
}
