import type { ChatMessage } from '../generation/chat-message.js';
import { PromptTooLongError } from '../generation/context-fit.js';
import type { Sampling } from '../models/manifest.js';
import type { FromWorker, ToWorker, WorkerLoadSpec, WorkerProgress } from '../worker/protocol.js';
import type { GenerateResult } from '../generation/reply.js';
import { WorkerRpc } from '../worker/worker-rpc.js';
import { workerScript } from '../worker/worker-script.js';

/** How long an unloading worker may take to free its model before it is terminated regardless. */
const UNLOAD_GRACE_MS = 2000;

/**
 * One engine worker with one model in it, shared by every <twin-chat> on the page that wants the same build on
 * the same device (ref-counted: the last chat to let go terminates it, and with it every byte of the model).
 */
export class WorkerHost {
  readonly ready: Promise<void>;
  refs = 0;
  readonly #rpc: WorkerRpc<ToWorker, FromWorker, GenerateResult, string>;
  readonly #warningListeners = new Set<(message: string) => void>();
  #whenUnloaded: (() => void) | undefined;

  constructor(
    readonly spec: WorkerLoadSpec,
    private readonly onGone: (host: WorkerHost) => void,
  ) {
    this.#rpc = new WorkerRpc(
      new Worker(workerScript('engine-worker', spec.assetBase), { type: 'module', name: 'twin-engine' }),
      { label: 'engine worker', receive: (message) => this.#receive(message), onGone: () => this.onGone(this) },
    );
    this.ready = this.#rpc.ready;
    this.#rpc.post({ type: 'load', spec });
  }

  onProgress(listener: (progress: WorkerProgress) => void): () => void {
    return this.#rpc.onProgress(listener);
  }

  onWarning(listener: (message: string) => void): () => void {
    this.#warningListeners.add(listener);
    return () => this.#warningListeners.delete(listener);
  }

  generate(
    messages: readonly ChatMessage[],
    sampling: Sampling,
    onText: (piece: string) => void,
    signal?: AbortSignal,
  ): Promise<GenerateResult> {
    return this.#rpc.request((id) => ({ type: 'generate', id, request: { messages, sampling } }), {
      onPiece: onText,
      interrupt: { signal, message: (id) => ({ type: 'interrupt', id }) },
    });
  }

  reset(): void {
    this.#rpc.post({ type: 'reset' });
  }

  /**
   * Lets the library free the model (web-llm hands its GPU buffers back) before the worker is terminated, which
   * frees everything else. A worker too busy or broken to answer in time is terminated anyway.
   */
  async unload(): Promise<void> {
    if (this.#rpc.gone) return;
    const unloaded = new Promise<void>((resolve) => {
      this.#whenUnloaded = resolve;
      setTimeout(resolve, UNLOAD_GRACE_MS);
    });
    this.#rpc.post({ type: 'unload' });
    await unloaded;
    this.crash(new Error('The model was unloaded.'));
  }

  /** Ends the worker for good: loading and running replies fail with `error`, and the pool forgets this host. */
  crash(error: Error): void {
    this.#rpc.crash(error);
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        return this.#rpc.progress(message.progress);
      case 'loaded':
        return this.#rpc.loaded();
      case 'warning':
        for (const listener of this.#warningListeners) listener(message.message);
        return;
      case 'load-failed':
        return this.crash(new Error(message.message));
      case 'text':
        return this.#rpc.piece(message.id, message.piece);
      case 'done':
        return this.#rpc.resolve(message.id, { text: message.text, finish: message.finish });
      case 'generate-failed': {
        const { id, code, message: why } = message;
        return this.#rpc.reject(id, code === 'prompt-too-long' ? new PromptTooLongError(why) : new Error(why));
      }
      case 'unloaded':
        return this.#whenUnloaded?.();
    }
  }
}
