import type { Engine } from '../engines/engine.js';
import type { LoadProgress } from '../generation/load-progress.js';
import { selectEngine } from '../engines/engine-selection.js';
import { ENGINE_SETTINGS, type EngineSetting } from '../engines/engine-setting.js';
import type { LadderEngine, LadderHooks } from '../engines/ladder-engine.js';
import type { AppsData } from '../models/apps-data.js';
import { loadApps } from '../models/apps-loading.js';
import { checkAssets } from '../worker/assets-check.js';
import { LoadError, type LoadErrorCode } from '../models/load-error.js';
import type { TwinManifest } from '../models/manifest.js';
import { loadManifest } from '../models/manifest-validation.js';
import { findEntry, loadRegistry, type ResolvedEntry } from '../models/registry.js';

/** Where the attributes say the twin comes from, with every URL already absolute. */
export interface TwinSource {
  registryUrl: URL;
  /** The registry is the default one, in the assets folder. */
  registryInAssets: boolean;
  /** Empty picks the registry's first model. */
  model: string;
  /** The `apps` attribute; when absent the manifest's own `apps`, resolved against the manifest, is used. */
  appsUrl: URL | undefined;
  engine: EngineSetting;
  /** The assets folder: ORT's wasm, the workers, the default registry (engines/asset-base.ts). */
  assetBase: URL;
  /** Model downloads above this many bytes wait for the visitor's click. */
  confirmAboveBytes: number;
}

/** The documents fetched before the engine, then the engine's own load phases. */
export type LoadPhase = 'registry' | 'manifest' | 'apps' | LoadProgress['phase'];

export interface LoadStep {
  phase: LoadPhase;
  loaded: number;
  total: number;
}

/** How the loader reports back; the element turns these into state, notices and events. */
export interface TwinLoaderHooks {
  progress(step: LoadStep): void;
  /** One step failed; the steps that do not depend on it still run. */
  problem(code: LoadErrorCode, message: string): void;
  registry(entries: readonly ResolvedEntry[]): void;
  /** A different twin was loaded: the conversation starts over. */
  twin(manifest: TwinManifest): void;
  apps(data: AppsData | undefined): void;
  engine(engine: Engine | undefined): void;
  /** The engine ladder's own reports: which engine answers, step-downs, and download consent. */
  ladder: LadderHooks;
  /** The newest load has finished, whether or not every step worked. */
  settled(): void;
}

/**
 * Brings registry, manifest, app data and engine in line with a TwinSource, redoing only the steps whose source
 * changed: opening a launcher again, or fixing the `apps` URL, refetches nothing else. A newer load aborts an
 * older one, so a fast series of attribute changes ends with the last one's twin.
 */
export class TwinLoader {
  private loaded: { registry?: string; manifest?: string; apps?: string; engine?: EngineSetting } = {};
  private entries: readonly ResolvedEntry[] = [];
  private manifest: TwinManifest | undefined;
  private engine: LadderEngine | undefined;
  private controller: AbortController | undefined;
  /** The ladder being loaded, so its download can be cancelled. */
  private pendingEngine: LadderEngine | undefined;

  constructor(private readonly hooks: TwinLoaderHooks) {}

  /** Whether a load is running (a message sent now would have nothing to answer it yet). */
  get busy(): boolean {
    return this.controller !== undefined;
  }

  abort(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  /** Aborts any load and lets go of the engine, so a model shared with other chats is freed when the last one goes. */
  release(): void {
    this.abort();
    this.setEngine(undefined);
    this.loaded.engine = undefined;
  }

  /** Stops the model download under way; the ladder falls back to the scripted engine. */
  cancelDownload(): void {
    this.pendingEngine?.cancelDownload();
  }

  async load(source: TwinSource): Promise<void> {
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    try {
      const entry = await this.loadRegistryEntry(source, signal);
      const manifest = await this.loadTwinManifest(entry, signal);
      await Promise.all([
        this.loadAppsData(
          source.appsUrl ?? (manifest.apps ? new URL(manifest.apps, entry.manifestUrl) : undefined),
          signal,
        ),
        this.loadEngine(source, manifest, entry.manifestUrl, signal),
      ]);
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof LoadError) this.hooks.problem(error.code, error.message);
      else this.hooks.problem('engine-failed', `The twin could not be loaded: ${String(error)}`);
    } finally {
      if (this.controller === controller) {
        this.controller = undefined;
        this.hooks.settled();
      }
    }
  }

  private async loadRegistryEntry(source: TwinSource, signal: AbortSignal): Promise<ResolvedEntry> {
    const { registryUrl, model } = source;
    if (this.loaded.registry !== registryUrl.href) {
      this.hooks.progress({ phase: 'registry', loaded: 0, total: 1 });
      if (source.registryInAssets) await checkAssets(source.assetBase, signal);
      this.entries = await loadRegistry(registryUrl, signal);
      this.loaded = { registry: registryUrl.href };
      this.hooks.registry(this.entries);
    }
    if (model) return findEntry(this.entries, model, registryUrl);
    const first = this.entries[0];
    if (!first) throw new LoadError('registry-invalid', `The registry at ${registryUrl.href} lists no models.`);
    return first;
  }

  private async loadTwinManifest(entry: ResolvedEntry, signal: AbortSignal): Promise<TwinManifest> {
    if (this.manifest && this.loaded.manifest === entry.manifestUrl.href) return this.manifest;
    this.hooks.progress({ phase: 'manifest', loaded: 0, total: 1 });
    const manifest = await loadManifest(entry.manifestUrl, signal);
    this.manifest = manifest;
    // A new twin needs its own engine and app data.
    this.loaded = { registry: this.loaded.registry, manifest: entry.manifestUrl.href };
    this.setEngine(undefined);
    this.hooks.twin(manifest);
    return manifest;
  }

  /** App data only feeds cards, so its failure is reported here and never stops the chat. */
  private async loadAppsData(url: URL | undefined, signal: AbortSignal): Promise<void> {
    if (this.loaded.apps === url?.href) return;
    this.loaded.apps = url?.href;
    this.hooks.apps(undefined);
    if (!url) return;
    this.hooks.progress({ phase: 'apps', loaded: 0, total: 1 });
    try {
      this.hooks.apps(await loadApps(url, signal));
    } catch (error) {
      this.loaded.apps = undefined; // try again on the next load
      if (signal.aborted) return;
      if (error instanceof LoadError) this.hooks.problem(error.code, error.message);
      else throw error;
    }
  }

  private async loadEngine(
    source: TwinSource,
    manifest: TwinManifest,
    manifestUrl: URL,
    signal: AbortSignal,
  ): Promise<void> {
    const requested = source.engine;
    if (this.engine && this.loaded.engine === requested) return;
    let setting = requested;
    if (!ENGINE_SETTINGS.includes(setting)) {
      this.hooks.problem(
        'unknown-engine',
        `The engine "${setting}" is not one of ${ENGINE_SETTINGS.join(', ')}; using auto.`,
      );
      setting = 'auto';
    }
    this.setEngine(undefined);
    const { assetBase, confirmAboveBytes } = source;
    const context = { manifestUrl, assetBase, confirmAboveBytes, hooks: this.hooks.ladder };
    const engine = await selectEngine(setting, manifest, context).catch((error: unknown) => {
      // No workers to run a model in: said once, and the scripted twin answers meanwhile.
      if (!(error instanceof LoadError && error.code === 'assets-unreachable')) throw error;
      this.hooks.problem(error.code, error.message);
      return selectEngine('scripted', manifest, context);
    });
    this.pendingEngine = engine;
    try {
      await engine.load(manifest, {
        signal,
        onProgress: (step) => this.hooks.progress(step),
        onWarning: (message) => this.hooks.problem('model-not-cached', message),
      });
    } catch (error) {
      void engine.unload();
      throw error;
    } finally {
      if (this.pendingEngine === engine) this.pendingEngine = undefined;
    }
    if (signal.aborted) return void engine.unload();
    this.loaded.engine = requested;
    this.setEngine(engine);
  }

  /** Replacing an engine unloads the old one: its worker (and model) goes unless another chat shares it. */
  private setEngine(engine: LadderEngine | undefined): void {
    if (this.engine && this.engine !== engine) void this.engine.unload();
    this.engine = engine;
    this.hooks.engine(engine);
  }
}
