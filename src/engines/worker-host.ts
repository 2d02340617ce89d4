import type { ChatMessage } from '../conversation/chat-message.js';
import { PromptTooLongError } from '../conversation/context-fit.js';
import type { Sampling } from '../models/manifest.js';
import type { FromWorker, ToWorker, WorkerFault, WorkerLoadSpec, WorkerProgress } from '../worker/protocol.js';
import type { GenerateResult } from './engine.js';

/** How long an unloading worker may take to free its model before it is terminated regardless. */
const UNLOAD_GRACE_MS = 2000;

/** Test hook: faults every engine worker started from now on gets before it loads (test/faults/, bench/soak.mjs). */
export const faultsForNewWorkersForTesting = new Set<WorkerFault>();

interface PendingReply {
  onText(piece: string): void;
  resolve(result: GenerateResult): void;
  reject(error: Error): void;
}

/**
 * One engine worker with one model in it, shared by every <twin-chat> on the page that wants the same build on
 * the same device (ref-counted: the last chat to let go terminates it, and with it every byte of the model).
 */
export class WorkerHost {
  readonly ready: Promise<void>;
  refs = 0;
  readonly #worker: Worker;
  readonly #progressListeners = new Set<(progress: WorkerProgress) => void>();
  readonly #warningListeners = new Set<(message: string) => void>();
  readonly #replies = new Map<number, PendingReply>();
  #nextId = 0;
  #failure: Error | undefined;
  #settleLoad!: { resolve(): void; reject(error: Error): void };
  #whenUnloaded: (() => void) | undefined;

  constructor(
    readonly spec: WorkerLoadSpec,
    private readonly onGone: (host: WorkerHost) => void,
  ) {
    this.ready = new Promise((resolve, reject) => (this.#settleLoad = { resolve, reject }));
    // Handled for everyone who waits on it; an unobserved rejection would be reported as a page error.
    this.ready.catch(() => undefined);
    this.#worker = new Worker(new URL('../worker/engine-worker.ts', import.meta.url), { type: 'module', name: 'twin-engine' });
    this.#worker.onmessage = ({ data }: MessageEvent<FromWorker>) => this.#receive(data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.crash(new Error(`The engine worker crashed${event.message ? `: ${event.message}` : ''}.`));
    };
    for (const fault of faultsForNewWorkersForTesting) this.injectFault(fault);
    this.#post({ type: 'load', spec });
  }

  /** Test hook: reproduces `fault` inside the worker (src/worker/worker-faults.ts). */
  injectFault(fault: WorkerFault): void {
    this.#post({ type: 'fault', fault });
  }

  onProgress(listener: (progress: WorkerProgress) => void): () => void {
    this.#progressListeners.add(listener);
    return () => this.#progressListeners.delete(listener);
  }

  onWarning(listener: (message: string) => void): () => void {
    this.#warningListeners.add(listener);
    return () => this.#warningListeners.delete(listener);
  }

  generate(messages: readonly ChatMessage[], sampling: Sampling, onText: (piece: string) => void, signal?: AbortSignal): Promise<GenerateResult> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<GenerateResult>((resolve, reject) => {
      const interrupt = () => this.#post({ type: 'interrupt', id });
      signal?.addEventListener('abort', interrupt, { once: true });
      const settle = () => signal?.removeEventListener('abort', interrupt);
      this.#replies.set(id, {
        onText,
        resolve: (result) => (settle(), resolve(result)),
        reject: (error) => (settle(), reject(error)),
      });
      this.#post({ type: 'generate', id, request: { messages, sampling } });
      if (signal?.aborted) interrupt();
    });
  }

  reset(): void {
    this.#post({ type: 'reset' });
  }

  /**
   * Lets the library free the model (web-llm hands its GPU buffers back) before the worker is terminated, which
   * frees everything else. A worker too busy or broken to answer in time is terminated anyway.
   */
  async unload(): Promise<void> {
    if (this.#failure) return;
    const unloaded = new Promise<void>((resolve) => {
      this.#whenUnloaded = resolve;
      setTimeout(resolve, UNLOAD_GRACE_MS);
    });
    this.#post({ type: 'unload' });
    await unloaded;
    this.crash(new Error('The model was unloaded.'));
  }

  /** Ends the worker for good: loading and running replies fail with `error`, and the pool forgets this host. */
  crash(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    this.#worker.terminate();
    this.#settleLoad.reject(error);
    for (const reply of this.#replies.values()) reply.reject(error);
    this.#replies.clear();
    this.onGone(this);
  }

  #post(message: ToWorker): void {
    if (!this.#failure) this.#worker.postMessage(message);
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        for (const listener of this.#progressListeners) listener(message.progress);
        return;
      case 'loaded':
        return this.#settleLoad.resolve();
      case 'warning':
        for (const listener of this.#warningListeners) listener(message.message);
        return;
      case 'load-failed':
        return this.crash(new Error(message.message));
      case 'text':
        return this.#replies.get(message.id)?.onText(message.piece);
      case 'done':
        this.#replies.get(message.id)?.resolve({ text: message.text, finish: message.finish });
        this.#replies.delete(message.id);
        return;
      case 'generate-failed':
        this.#replies.get(message.id)?.reject(
          message.code === 'prompt-too-long' ? new PromptTooLongError(message.message) : new Error(message.message),
        );
        this.#replies.delete(message.id);
        return;
      case 'unloaded':
        return this.#whenUnloaded?.();
    }
  }
}
