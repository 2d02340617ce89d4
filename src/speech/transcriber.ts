import type { WorkerProgress } from '../worker/protocol.js';
import type { FromSpeechWorker, SpeechLoadSpec, ToSpeechWorker } from '../worker/speech-protocol.js';
import { WorkerRpc } from '../worker/worker-rpc.js';
import { workerScript } from '../worker/worker-script.js';

/** A failure of the speech model: it could not be loaded, or its worker stopped. */
export class SpeechModelError extends Error {
  constructor(
    readonly code: 'speech-model-unreachable' | 'speech-failed',
    message: string,
  ) {
    super(message);
  }
}

/** What a transcription gives: the text, and the seconds of compute it took in the worker. */
type Transcript = { text: string; seconds: number };

/**
 * The page side of the speech worker (src/worker/speech-worker.ts): one worker with one Whisper in it, started on
 * the first hold of a mic button and shared by every chat on the page. A crash fails what is pending and drops the
 * worker, so the next hold starts a fresh one.
 */
export class Transcriber {
  readonly ready: Promise<void>;
  readonly #rpc: WorkerRpc<ToSpeechWorker, FromSpeechWorker, Transcript>;

  constructor(
    readonly spec: SpeechLoadSpec,
    private readonly onGone: (transcriber: Transcriber) => void,
  ) {
    this.#rpc = new WorkerRpc(
      new Worker(workerScript('speech-worker', spec.assetBase), { type: 'module', name: 'twin-speech' }),
      {
        label: 'speech worker',
        crashError: (message) => new SpeechModelError('speech-failed', message),
        receive: (message) => this.#receive(message),
        onGone: () => this.onGone(this),
      },
    );
    this.ready = this.#rpc.ready;
    this.#rpc.post({ type: 'load', spec });
  }

  onProgress(listener: (progress: WorkerProgress) => void): () => void {
    return this.#rpc.onProgress(listener);
  }

  /**
   * Transcribes 16 kHz mono samples. Their buffer is transferred to the worker, not copied: `audio` is empty
   * (detached) on this side afterwards.
   */
  transcribe(audio: Float32Array<ArrayBuffer>): Promise<Transcript> {
    return this.#rpc.request((id) => ({ type: 'transcribe', id, audio }), { transfer: [audio.buffer] });
  }

  /** Ends the worker for good; loading and pending transcriptions fail with `error`. */
  crash(error: Error): void {
    this.#rpc.crash(error);
  }

  #receive(message: FromSpeechWorker): void {
    switch (message.type) {
      case 'progress':
        return this.#rpc.progress(message.progress);
      case 'loaded':
        return this.#rpc.loaded();
      case 'load-failed':
        return this.crash(
          new SpeechModelError(
            'speech-model-unreachable',
            `The speech model at ${this.spec.buildUrl} could not be loaded: ${message.message}`,
          ),
        );
      case 'transcript':
        return this.#rpc.resolve(message.id, { text: message.text, seconds: message.seconds });
      case 'transcribe-failed':
        return this.#rpc.reject(
          message.id,
          new SpeechModelError('speech-failed', `Transcription failed: ${message.message}`),
        );
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
