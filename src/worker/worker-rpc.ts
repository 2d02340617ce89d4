import type { WorkerProgress } from './protocol.js';

/**
 * How the page and a worker talk (ARCHITECTURE.md, "Engines"): requests by id, a load that settles once, a crash
 * that fails everything pending. The engine worker (src/engines/worker-host.ts) and the speech worker
 * (src/speech/transcriber.ts) both run on it; each keeps only its own protocol's messages.
 */

/** A failure crosses to the page as its message: structured clone would not keep an Error's class anyway. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface WorkerRpcOptions<FromMsg> {
  /** Names the worker in a crash's message: "The engine worker crashed: …". */
  label: string;
  /** The error a crash fails everything with, from its message; a plain Error unless given. */
  crashError?(message: string): Error;
  /** The owner's handling of each message, which calls back in here for progress, the load and answers. */
  receive(message: FromMsg): void;
  /** Told once, when the worker is gone for good, so the owner's pool forgets it. */
  onGone(): void;
}

export interface RequestOptions<ToMsg, Piece> {
  /** Hears a streamed answer's pieces as they arrive. */
  onPiece?(piece: Piece): void;
  /** Buffers handed over rather than copied: detached on this side once posted. */
  transfer?: Transferable[];
  /** Aborting `signal` posts `message(id)`, which cuts the request short; the worker still answers it. */
  interrupt?: { signal: AbortSignal | undefined; message(id: number): ToMsg };
}

interface Pending<Result, Piece> {
  onPiece: ((piece: Piece) => void) | undefined;
  resolve(result: Result): void;
  reject(error: Error): void;
}

/** The page side of one worker. Its owner starts the worker (worker-script.ts says from where) and hands it over. */
export class WorkerRpc<ToMsg, FromMsg, Result, Piece = never> {
  readonly ready: Promise<void>;
  readonly #worker: Worker;
  readonly #options: WorkerRpcOptions<FromMsg>;
  readonly #progressListeners = new Set<(progress: WorkerProgress) => void>();
  readonly #pending = new Map<number, Pending<Result, Piece>>();
  #nextId = 0;
  #failure: Error | undefined;
  #settleLoad!: { resolve(): void; reject(error: Error): void };

  constructor(worker: Worker, options: WorkerRpcOptions<FromMsg>) {
    this.#worker = worker;
    this.#options = options;
    this.ready = new Promise((resolve, reject) => (this.#settleLoad = { resolve, reject }));
    // Handled for everyone who waits on it; an unobserved rejection would be reported as a page error.
    this.ready.catch(() => undefined);
    worker.onmessage = ({ data }: MessageEvent<FromMsg>) => options.receive(data);
    worker.onerror = (event) => {
      event.preventDefault();
      const message = `The ${options.label} crashed${event.message ? `: ${event.message}` : ''}.`;
      this.crash(options.crashError?.(message) ?? new Error(message));
    };
  }

  /** Whether the worker has ended: crashed, failed to load or been unloaded. */
  get gone(): boolean {
    return this.#failure !== undefined;
  }

  onProgress(listener: (progress: WorkerProgress) => void): () => void {
    this.#progressListeners.add(listener);
    return () => this.#progressListeners.delete(listener);
  }

  progress(progress: WorkerProgress): void {
    for (const listener of this.#progressListeners) listener(progress);
  }

  /** The model is in: `ready` resolves (a load that already failed stays failed). */
  loaded(): void {
    this.#settleLoad.resolve();
  }

  /** Posts the message `message(id)` builds under a fresh id, and waits for the worker's answer to that id. */
  request(message: (id: number) => ToMsg, options: RequestOptions<ToMsg, Piece> = {}): Promise<Result> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const { onPiece, transfer, interrupt } = options;
    return new Promise<Result>((resolve, reject) => {
      const signal = interrupt?.signal;
      const abort = () => interrupt && this.post(interrupt.message(id));
      signal?.addEventListener('abort', abort, { once: true });
      const settle = () => signal?.removeEventListener('abort', abort);
      this.#pending.set(id, {
        onPiece,
        resolve: (result) => (settle(), resolve(result)),
        reject: (error) => (settle(), reject(error)),
      });
      this.post(message(id), transfer);
      if (signal?.aborted) abort();
    });
  }

  piece(id: number, piece: Piece): void {
    this.#pending.get(id)?.onPiece?.(piece);
  }

  resolve(id: number, result: Result): void {
    this.#pending.get(id)?.resolve(result);
    this.#pending.delete(id);
  }

  reject(id: number, error: Error): void {
    this.#pending.get(id)?.reject(error);
    this.#pending.delete(id);
  }

  /** Posts to the worker while it runs; once it is gone, there is no one to tell. */
  post(message: ToMsg, transfer: Transferable[] = []): void {
    if (!this.#failure) this.#worker.postMessage(message, transfer);
  }

  /** Ends the worker for good: loading and every pending request fail with `error`, and the owner hears it once. */
  crash(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    this.#worker.terminate();
    this.#settleLoad.reject(error);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#options.onGone();
  }
}
