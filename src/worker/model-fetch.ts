import type { WorkerProgress } from './protocol.js';

/** One Cache API bucket for every twin's model files; bump the version if the stored layout ever changes. */
export const MODEL_CACHE_NAME = 'twin-chat-models-v1';

export interface ModelFetchOptions {
  /** Only URLs under this folder are model files: cached, and counted towards progress. */
  buildUrl: string;
  /** The manifest's size for this build, so the first progress event already has a total. */
  expectedBytes: number;
  report(progress: WorkerProgress): void;
}

/**
 * A `fetch` for the inference libraries that keeps model files in the Cache API (a second visit downloads
 * nothing, and says "from cache") and reports bytes as they arrive. Anything outside the build folder (the ORT
 * wasm, served from `asset-base`) passes straight through to the browser's own HTTP cache. Only model files are
 * ever stored: the conversation never leaves memory.
 */
export class ModelFetch {
  readonly #options: ModelFetchOptions;
  #loaded = 0;
  #fromNetwork = false;
  #fromCache = false;
  readonly #pendingWrites: Promise<unknown>[] = [];

  constructor(options: ModelFetchOptions) {
    this.#options = options;
  }

  /**
   * A transformers.js `progress_callback` that reports the compile phase once an ONNX file is in: session creation
   * (graph optimisation, GPU shader compiles) starts only after the weights have arrived.
   */
  readonly reportCompileAfterWeights = (info: { status: string; file?: string }): void => {
    if (info.status === 'done' && info.file?.endsWith('.onnx')) {
      this.#options.report({ phase: 'compile', loaded: 0, total: 1, fromCache: this.fromCache });
    }
  };

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(this.#options.buildUrl)) return fetch(input, init);
    const cache = await openCache();
    const cached = await cache?.match(url);
    if (new Headers(init?.headers).has('Range')) {
      // transformers.js asks for file sizes with 1-byte range requests. A cached copy answers with the full size
      // (its body is cancelled unread); otherwise the network answers, uncounted and not cached.
      return cached ?? fetch(input, init);
    }
    if (cached) {
      this.#fromCache = true;
      return this.#counted(cached);
    }
    // no-store: the Cache API copy is the one kept; the HTTP cache would hold the model a second time on disk.
    const response = await fetch(url, { ...init, cache: 'no-store' });
    if (!response.ok) return response;
    this.#fromNetwork = true;
    // The copy is written while the caller reads, and counted as settled before the model reports "loaded".
    if (cache) this.#pendingWrites.push(cache.put(url, response.clone()).catch(() => undefined));
    return this.#counted(response);
  };

  /** True when every model byte so far came from the cache. */
  get fromCache(): boolean {
    return this.#fromCache && !this.#fromNetwork;
  }

  /** Waits until every downloaded file is in the cache, so a reload right after "ready" finds it there. */
  async settled(): Promise<void> {
    await Promise.all(this.#pendingWrites);
  }

  #counted(response: Response): Response {
    const body = response.body;
    if (!body) return response;
    const reader = body.getReader();
    const stream = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        this.#loaded += value.byteLength;
        this.#report();
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    const { status, statusText, headers } = response;
    return new Response(stream, { status, statusText, headers });
  }

  #report(): void {
    const total = Math.max(this.#options.expectedBytes, this.#loaded);
    const phase = this.#fromNetwork ? 'fetch' : 'cache';
    this.#options.report({ phase, loaded: this.#loaded, total, fromCache: this.fromCache });
  }
}

/** The model cache, or undefined where the Cache API is missing (e.g. an insecure origin): then nothing is kept. */
async function openCache(): Promise<Cache | undefined> {
  try {
    return await caches.open(MODEL_CACHE_NAME);
  } catch {
    return undefined;
  }
}
