import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConversationController } from '../conversation/conversation-controller.js';
import { defaultRegistry } from '../engines/asset-base.js';
import type { EngineSetting } from '../engines/engine-setting.js';
import type { LoadStep, TwinLoader, TwinLoaderHooks } from '../loading/twin-loader.js';
import { LOAD_ERROR_CODES, LoadError, type LoadErrorCode } from '../models/load-error.js';
import type { ResolvedEntry } from '../models/registry.js';
import type { DownloadConsentController } from './download-consent-controller.js';
import { engineName, type EngineLabel } from './engine-status.js';
import { emit, type TwinErrorCode } from './events.js';
import type { Notices } from './notices.js';

/** The attributes that say where the twin comes from. */
export interface TwinAttributes {
  registry: string;
  model: string;
  apps: string;
  engine: EngineSetting;
  assetBase: string;
  confirmDownloadMb: number;
}

/** Notices about where the twin comes from; changing a source attribute clears them, as it may fix them. */
export const LOAD_NOTICES: readonly TwinErrorCode[] = [...LOAD_ERROR_CODES, 'engine-fallback'];

/**
 * Keeps the twin in line with the element's attributes: the loader fetches registry, manifest and app data and
 * brings up the engine ladder; this controller shows its progress, the model list and the engine that answers,
 * hands the twin to the conversation, and turns every failure into a notice.
 */
export class TwinLoadingController implements ReactiveController {
  /** The registry's models, for the picker. */
  entries: readonly ResolvedEntry[] = [];
  progress: LoadStep | undefined;
  /** Which engine answers, for the header label. */
  engineLabel: EngineLabel | undefined;
  /** Made on the first load: the loader and the checks it runs load then, not with the page's script. */
  #loader: Promise<TwinLoader> | undefined;
  readonly #hooks: TwinLoaderHooks;
  /** A load was asked for and its loader is still arriving. */
  #starting = false;
  /** The loader, once it has arrived. */
  #ready: TwinLoader | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly conversation: ConversationController,
    private readonly consent: DownloadConsentController,
    private readonly notices: Notices,
    /**
     * Used without an `asset-base` attribute; resolved by the entry (twin-chat.ts) against its own URL, because
     * this controller loads later, from chunks/, where its own URL would point elsewhere.
     */
    private readonly defaultAssetBase: URL,
  ) {
    this.#hooks = {
      progress: (step) => {
        this.#set({ progress: step });
        emit(host, 'twin-progress', step);
      },
      problem: (code, message) => notices.show(code, message),
      registry: (entries) => this.#set({ entries }),
      twin: (manifest) => conversation.start(manifest),
      apps: (data) => (conversation.apps = data),
      engine: (engine) => {
        conversation.engine = engine;
        if (!engine) this.#set({ engineLabel: undefined });
      },
      ladder: {
        switched: (label) => {
          this.#set({ engineLabel: label });
          emit(host, 'twin-engine', { engine: label.kind, device: label.device });
        },
        steppedDown: (failed, next, error) => {
          const why = error instanceof Error ? error.message : String(error);
          const [from, to] = [engineName(failed.kind, failed.device), engineName(next.kind, next.device)];
          notices.show('engine-fallback', `${from} stopped (${why}) — ${to} answers instead.`);
        },
        confirmDownload: (request) => {
          const answer = consent.ask(request);
          conversation.loadChanged(); // a question waiting now gets the scripted twin meanwhile
          return answer;
        },
      },
      settled: () => {
        this.#set({ progress: undefined });
        conversation.loadChanged();
      },
    };
    host.addController(this);
  }

  /** Lets go of the model: its worker stops unless another chat on the page shares it. */
  hostDisconnected(): void {
    this.#ready?.release();
  }

  /** Whether a load is running (a message sent now would have nothing to answer it yet). */
  get busy(): boolean {
    return this.#starting || (this.#ready?.busy ?? false);
  }

  /** Loads what the attributes name; only the steps whose source changed are redone. */
  load(attributes: TwinAttributes): void {
    this.consent.answer(false);
    let source: Parameters<TwinLoader['load']>[0];
    try {
      const registryUrl = attributes.registry
        ? attributeUrl(attributes.registry, 'registry', 'registry-unreachable')
        : undefined;
      const assetBase = attributes.assetBase
        ? attributeUrl(attributes.assetBase, 'asset-base', 'assets-unreachable')
        : this.defaultAssetBase;
      source = {
        registryUrl: registryUrl ?? defaultRegistry(assetBase),
        registryInAssets: !attributes.registry,
        model: attributes.model,
        appsUrl: attributes.apps ? attributeUrl(attributes.apps, 'apps', 'apps-unreachable') : undefined,
        engine: attributes.engine,
        assetBase,
        confirmAboveBytes: attributes.confirmDownloadMb * 1e6,
      };
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      this.notices.show(error.code, error.message);
      return;
    }
    this.#starting = true;
    // The bar shows at once, while the loader's own code arrives; the loader reports its steps from then on.
    if (!this.#ready) this.#set({ progress: { phase: 'registry', loaded: 0, total: 1 } });
    this.#loader ??= import('../loading/twin-loader.js').then(({ TwinLoader }) => new TwinLoader(this.#hooks));
    this.#loader.then(
      (loader) => {
        this.#starting = false;
        this.#ready = loader;
        void loader.load(source);
      },
      (error: unknown) => {
        // The loader's code could not be fetched (the network went away): say so, and let it be tried again.
        this.#starting = false;
        this.#loader = undefined;
        this.notices.show('engine-failed', `The twin could not be loaded: ${String(error)}`);
        this.conversation.loadChanged();
      },
    );
  }

  /** Stops the model download under way; the scripted twin answers instead. */
  cancelDownload(): void {
    this.#ready?.cancelDownload();
  }

  #set(patch: Partial<Pick<TwinLoadingController, 'entries' | 'progress' | 'engineLabel'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }
}

/**
 * A URL attribute resolved against the page. A value no browser can parse ("http://[") gets a notice instead of
 * throwing inside Lit's update, which would leave the element blank.
 */
function attributeUrl(value: string, attribute: string, code: LoadErrorCode): URL {
  try {
    return new URL(value, document.baseURI);
  } catch {
    throw new LoadError(code, `The ${attribute} attribute "${value}" is not a URL that can be parsed.`);
  }
}
