import type { WorkerProgress } from '../worker/protocol.js';
import type { FromSpeechWorker, SpeechLoadSpec, ToSpeechWorker } from '../worker/speech-protocol.js';

/** A failure of the speech model: it could not be loaded, or its worker stopped. */
export class SpeechModelError extends Error {
  constructor(
    readonly code: 'speech-model-unreachable' | 'speech-failed',
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(result: { text: string; seconds: number }): void;
  reject(error: Error): void;
}

/**
 * The page side of the speech worker (src/worker/speech-worker.ts): one worker with one Whisper in it, started on
 * the first hold of a mic button and shared by every chat on the page. A crash fails what is pending and drops the
 * worker, so the next hold starts a fresh one.
 */
export class Transcriber {
  readonly ready: Promise<void>;
  readonly #worker: Worker;
  readonly #listeners = new Set<(progress: WorkerProgress) => void>();
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #failure: Error | undefined;
  #settleLoad!: { resolve(): void; reject(error: Error): void };

  constructor(
    readonly spec: SpeechLoadSpec,
    private readonly onGone: (transcriber: Transcriber) => void,
  ) {
    this.ready = new Promise((resolve, reject) => (this.#settleLoad = { resolve, reject }));
    this.ready.catch(() => undefined);
    this.#worker = new Worker(new URL('../worker/speech-worker.ts', import.meta.url), { type: 'module', name: 'twin-speech' });
    this.#worker.onmessage = ({ data }: MessageEvent<FromSpeechWorker>) => this.#receive(data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.crash(new SpeechModelError('speech-failed', `The speech worker crashed${event.message ? `: ${event.message}` : ''}.`));
    };
    this.#post({ type: 'load', spec });
  }

  onProgress(listener: (progress: WorkerProgress) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Transcribes 16 kHz mono samples. Their buffer is transferred to the worker, not copied: `audio` is empty
   * (detached) on this side afterwards.
   */
  transcribe(audio: Float32Array<ArrayBuffer>): Promise<{ text: string; seconds: number }> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#post({ type: 'transcribe', id, audio }, [audio.buffer]);
    });
  }

  /** Ends the worker for good; loading and pending transcriptions fail with `error`. */
  crash(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    this.#worker.terminate();
    this.#settleLoad.reject(error);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.onGone(this);
  }

  #post(message: ToSpeechWorker, transfer: Transferable[] = []): void {
    if (!this.#failure) this.#worker.postMessage(message, transfer);
  }

  #receive(message: FromSpeechWorker): void {
    switch (message.type) {
      case 'progress':
        for (const listener of this.#listeners) listener(message.progress);
        return;
      case 'loaded':
        return this.#settleLoad.resolve();
      case 'load-failed':
        return this.crash(new SpeechModelError('speech-model-unreachable', `The speech model at ${this.spec.buildUrl} could not be loaded: ${message.message}`));
      case 'transcript':
        this.#pending.get(message.id)?.resolve({ text: message.text, seconds: message.seconds });
        this.#pending.delete(message.id);
        return;
      case 'transcribe-failed':
        this.#pending.get(message.id)?.reject(new SpeechModelError('speech-failed', `Transcription failed: ${message.message}`));
        this.#pending.delete(message.id);
        return;
    }
  }
}

/** One transcriber per model on the page. */
const transcribers = new Map<string, Transcriber>();

function keyOf(spec: SpeechLoadSpec): string {
  return [spec.buildUrl, spec.device, JSON.stringify(spec.dtype)].join('|');
}

/** The page's transcriber for `spec`, started (and its model loading) on first use. */
export function transcriberFor(spec: SpeechLoadSpec): Transcriber {
  const key = keyOf(spec);
  let transcriber = transcribers.get(key);
  if (!transcriber) {
    transcriber = new Transcriber(spec, (gone) => {
      if (transcribers.get(key) === gone) transcribers.delete(key);
    });
    transcribers.set(key, transcriber);
  }
  return transcriber;
}

/** Test hook: ends every speech worker as a crash would. */
export function crashSpeechWorkersForTesting(): void {
  for (const transcriber of [...transcribers.values()]) {
    transcriber.crash(new SpeechModelError('speech-failed', 'The speech worker stopped.'));
  }
}
