import type { ChatMessage } from '../generation/chat-message.js';
import type { TwinManifest } from '../models/manifest.js';
import type { WorkerLoadSpec } from '../worker/protocol.js';
import type { GenerateResult } from '../generation/reply.js';
import type { Engine, EngineDevice, EngineKind, GenerateOptions, LoadOptions } from './engine.js';
import { WorkerHost } from './worker-host.js';

/** Loaded models by what was loaded; every chat on the page asking for the same one shares its worker. */
const hosts = new Map<string, WorkerHost>();

function keyOf(spec: WorkerLoadSpec): string {
  return [spec.backend, spec.device, spec.buildUrl, spec.dtype ?? '', spec.modelLib ?? ''].join('|');
}

/** Takes a reference on the shared worker for `spec`, starting it if no chat holds one yet. */
function acquire(spec: WorkerLoadSpec): WorkerHost {
  const key = keyOf(spec);
  let host = hosts.get(key);
  if (!host) {
    host = new WorkerHost(spec, (gone) => {
      if (hosts.get(key) === gone) hosts.delete(key);
    });
    hosts.set(key, host);
  }
  host.refs++;
  return host;
}

/** Drops a reference; the last one unloads the model and ends its worker. */
function release(host: WorkerHost): Promise<void> {
  host.refs--;
  if (host.refs > 0) return Promise.resolve();
  // Gone from the pool at once, so a chat that asks for the same model meanwhile starts a fresh worker.
  if (hosts.get(keyOf(host.spec)) === host) hosts.delete(keyOf(host.spec));
  return host.unload();
}

/**
 * The page-side proxy of a model running in the engine worker (src/worker/engine-worker.ts). It implements the
 * same Engine interface as the scripted engine, so the element cannot tell where the words come from.
 */
export class WorkerEngine implements Engine {
  readonly kind: EngineKind;
  readonly device: EngineDevice;
  #host: WorkerHost | undefined;
  #manifest: TwinManifest | undefined;
  #fromCache = false;

  constructor(private readonly spec: WorkerLoadSpec) {
    this.kind = spec.backend;
    this.device = spec.device;
  }

  /** Whether the model came from the Cache API rather than the network. */
  get fromCache(): boolean {
    return this.#fromCache;
  }

  async load(manifest: TwinManifest, { signal, onProgress, onWarning }: LoadOptions = {}): Promise<void> {
    signal?.throwIfAborted();
    this.#manifest = manifest;
    const host = acquire(this.spec);
    this.#host = host;
    const stopListening = host.onProgress((progress) => {
      this.#fromCache = progress.fromCache;
      onProgress?.(progress);
    });
    const stopWarnings = host.onWarning((message) => onWarning?.(message));
    const cancelled = new Promise<never>((_, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    try {
      await Promise.race([host.ready, cancelled]);
    } catch (error) {
      // Cancelling lets go of the worker; if no other chat waits on it, its download stops with it.
      this.#host = undefined;
      void release(host);
      throw error;
    } finally {
      stopListening();
      stopWarnings();
    }
    onProgress?.({ phase: 'ready', loaded: 1, total: 1 });
  }

  generate(messages: readonly ChatMessage[], { signal, onText }: GenerateOptions): Promise<GenerateResult> {
    if (!this.#host || !this.#manifest) return Promise.reject(new Error('WorkerEngine.generate called before load'));
    return this.#host.generate(messages, this.#manifest.sampling, onText, signal);
  }

  reset(): void {
    this.#host?.reset();
  }

  async unload(): Promise<void> {
    const host = this.#host;
    this.#host = undefined;
    if (host) await release(host);
  }
}
