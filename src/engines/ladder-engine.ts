import type { ChatMessage } from '../generation/chat-message.js';
import { PromptTooLongError } from '../generation/context-fit.js';
import type { TwinManifest } from '../models/manifest.js';
import type { Capabilities } from './capabilities.js';
import { downloadRequest, type DownloadRequest } from './download-consent.js';
import type { GenerateResult } from '../generation/reply.js';
import type { Engine, EngineDevice, EngineKind, GenerateOptions, LoadOptions } from './engine.js';
import type { Rung } from './ladder.js';

/** How the ladder talks to the element, which alone turns these into notices, buttons and events. */
export interface LadderHooks {
  /** An engine is loaded and answers from now on. */
  switched(engine: { kind: EngineKind; device: EngineDevice; fromCache: boolean }): void;
  /** A rung failed (at load or mid-reply); `next` answers instead. */
  steppedDown(failed: Rung, next: Rung, error: unknown): void;
  /** Resolves true when the visitor agrees to the download, false to go without the model. */
  confirmDownload(request: DownloadRequest): Promise<boolean>;
}

export interface LadderOptions {
  rungs: readonly Rung[];
  caps: Capabilities;
  /** Downloads above this many bytes wait for the visitor's click. */
  confirmAboveBytes: number;
  hooks: LadderHooks;
}

/** An engine ready for a rung; the ladder tells worker engines and the scripted engine apart only by this. */
async function createEngine(rung: Rung): Promise<Engine & { fromCache?: boolean }> {
  if (rung.kind === 'scripted') return new (await import('./scripted-engine.js')).ScriptedEngine();
  return new (await import('./worker-engine.js')).WorkerEngine(rung.spec);
}

/** Thrown when the visitor cancels a download or declines one: the ladder goes straight to the scripted rung. */
class DownloadRefused extends Error {}

/**
 * The capability ladder as one Engine (ARCHITECTURE.md, "Engines"). It loads the highest rung that works; when a rung fails
 * to load, or fails in the middle of a reply (device lost, worker crash), it unloads it, says so, loads the next
 * rung down and retries the same messages, so the visitor's question is never lost.
 */
export class LadderEngine implements Engine {
  readonly #options: LadderOptions;
  #index = 0;
  #engine: Engine | undefined;
  #manifest: TwinManifest | undefined;
  #download: AbortController | undefined;

  constructor(options: LadderOptions) {
    this.#options = options;
  }

  get kind(): EngineKind {
    return this.#engine?.kind ?? 'scripted';
  }

  get device(): EngineDevice {
    return this.#engine?.device ?? 'none';
  }

  /** Stops the download under way; the scripted engine answers instead. */
  cancelDownload(): void {
    this.#download?.abort(new DownloadRefused('The download was cancelled.'));
  }

  async load(manifest: TwinManifest, options: LoadOptions = {}): Promise<void> {
    this.#manifest = manifest;
    await this.#loadFrom(this.#index, options);
  }

  async generate(messages: readonly ChatMessage[], options: GenerateOptions): Promise<GenerateResult> {
    for (;;) {
      const engine = this.#engine;
      if (!engine) throw new Error('LadderEngine.generate called before load');
      try {
        return await engine.generate(messages, options);
      } catch (error) {
        // A question too long for the model is the input's fault: every rung below would refuse it too.
        if (error instanceof PromptTooLongError) throw error;
        if (options.signal?.aborted || this.#index >= this.#options.rungs.length - 1) throw error;
        // The same messages go to the next rung down; whatever the failed rung streamed is taken back first.
        await this.#stepDown(error, { signal: options.signal });
        options.onRestart?.();
      }
    }
  }

  reset(): void {
    this.#engine?.reset();
  }

  async unload(): Promise<void> {
    const engine = this.#engine;
    this.#engine = undefined;
    await engine?.unload();
  }

  async #stepDown(error: unknown, options: LoadOptions): Promise<void> {
    const failed = this.#rung(this.#index);
    await this.unload();
    const next = error instanceof DownloadRefused ? this.#options.rungs.length - 1 : this.#index + 1;
    this.#options.hooks.steppedDown(failed, this.#rung(next), error);
    await this.#loadFrom(next, options);
  }

  async #loadFrom(index: number, options: LoadOptions): Promise<void> {
    this.#index = index;
    try {
      await this.#loadRung(this.#rung(index), options);
    } catch (error) {
      if (options.signal?.aborted || index >= this.#options.rungs.length - 1) throw error;
      await this.#stepDown(error, options);
    }
  }

  /** The ladder always ends with the scripted rung, so only a bug asks for one past it. */
  #rung(index: number): Rung {
    const rung = this.#options.rungs[index];
    if (!rung) throw new Error(`The engine ladder has no rung ${index}.`);
    return rung;
  }

  async #loadRung(rung: Rung, { signal, onProgress, onWarning }: LoadOptions): Promise<void> {
    const { caps, confirmAboveBytes, hooks } = this.#options;
    const request = await downloadRequest(rung, caps, confirmAboveBytes);
    if (request && !(await hooks.confirmDownload(request))) throw new DownloadRefused('The download was declined.');
    signal?.throwIfAborted();
    const download = new AbortController();
    this.#download = download;
    const abort = () => download.abort(signal!.reason);
    signal?.addEventListener('abort', abort, { once: true });
    const engine = await createEngine(rung);
    try {
      await engine.load(this.#manifest!, { signal: download.signal, onProgress, onWarning });
    } catch (error) {
      throw download.signal.reason instanceof DownloadRefused ? download.signal.reason : error;
    } finally {
      signal?.removeEventListener('abort', abort);
      if (this.#download === download) this.#download = undefined;
    }
    this.#engine = engine;
    hooks.switched({ kind: engine.kind, device: engine.device, fromCache: engine.fromCache === true });
  }
}
