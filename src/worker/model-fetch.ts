import type { WorkerProgress } from './protocol.js';

/** One Cache API bucket for every twin's model files; bump the version if the stored layout ever changes. */
export const MODEL_CACHE_NAME = 'twin-chat-models-v1';

/**
 * How often a download that breaks off mid-file is started again. A dropped connection is common on phones; a
 * server that fails every time is not worth hammering.
 */
const DOWNLOAD_RETRIES = 2;

export interface ModelFetchOptions {
  /** Only URLs under this folder are model files: cached, and counted towards progress. */
  buildUrl: string;
  /** The manifest's size for this build, so the first progress event already has a total. */
  expectedBytes: number;
  /** The manifest's SHA-256 (hex) of each build file, by path inside the build folder; absent in older manifests. */
  sha256?: Record<string, string>;
  report(progress: WorkerProgress): void;
  /** Something went wrong that the model can run without (the cache is full); said to the visitor once. */
  warn?(message: string): void;
}

/**
 * A `fetch` for the inference libraries that keeps model files in the Cache API (a second visit downloads
 * nothing, and says "from cache") and reports bytes as they arrive. Anything outside the build folder (the ORT
 * wasm, served from `asset-base`) passes straight through to the browser's own HTTP cache. Only model files are
 * ever stored: the conversation never leaves memory.
 *
 * Faults it absorbs: a download cut off mid-file is fetched again from the start (DOWNLOAD_RETRIES times); a
 * cached file whose bytes no longer match the manifest's SHA-256 is thrown away and downloaded again; a cache
 * that refuses the file (quota) leaves the model running from memory, with a warning.
 */
export class ModelFetch {
  readonly #options: ModelFetchOptions;
  #loaded = 0;
  #fromNetwork = false;
  #fromCache = false;
  #warnedCacheFull = false;
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
    if (new Headers(init?.headers).has('Range')) {
      // transformers.js asks for file sizes with 1-byte range requests. A cached copy answers with the full size
      // (its body is cancelled unread, so it is not hashed here: the real download below checks it); otherwise
      // the network answers, uncounted and not cached.
      return (await cache?.match(url)) ?? fetch(input, init);
    }
    const cached = cache && (await this.#intactCopy(cache, url));
    if (cached) {
      this.#fromCache = true;
      return this.#counted(cached);
    }
    // no-store: the Cache API copy is the one kept; the HTTP cache would hold the model a second time on disk.
    const response = await fetch(url, { ...init, cache: 'no-store' });
    if (!response.ok) return response;
    this.#fromNetwork = true;
    return this.#counted(response, { url, cache });
  };

  /** True when every model byte so far came from the cache. */
  get fromCache(): boolean {
    return this.#fromCache && !this.#fromNetwork;
  }

  /** Waits until every downloaded file is in the cache, so a reload right after "ready" finds it there. */
  async settled(): Promise<void> {
    await Promise.all(this.#pendingWrites);
  }

  /** The cached copy of `url` if its bytes match the manifest's hash (or the manifest has none); a damaged one is deleted. */
  async #intactCopy(cache: Cache, url: string): Promise<Response | undefined> {
    const cached = await cache.match(url);
    const expected = this.#expectedHash(url);
    if (!cached || !expected) return cached;
    const bytes = await cached.arrayBuffer();
    if ((await sha256Hex(bytes)) === expected) {
      const { status, statusText, headers } = cached;
      return new Response(bytes, { status, statusText, headers });
    }
    await cache.delete(url);
    return undefined;
  }

  #expectedHash(url: string): string | undefined {
    return this.#options.sha256?.[url.slice(this.#options.buildUrl.length)];
  }

  /**
   * Passes a body through, counting its bytes. A downloaded one (`download` given) is also collected, checked
   * against the manifest's hash, and only then cached; if the connection drops mid-file it is fetched again and
   * the bytes already passed on are skipped, so the reader sees one unbroken file.
   */
  #counted(response: Response, download?: { url: string; cache: Cache | undefined }): Response {
    if (!response.body) return response;
    let reader = response.body.getReader();
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let passed = 0;
    let retries = 0;
    const stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
      pull: async (controller) => {
        let result: ReadableStreamReadResult<Uint8Array<ArrayBuffer>> | undefined;
        // Loops only across a retry: a pull that returned without a chunk would leave the reader waiting forever.
        while (!result) {
          try {
            result = await reader.read();
          } catch (error) {
            if (!download || retries >= DOWNLOAD_RETRIES) throw error;
            retries++;
            reader = await this.#refetchFrom(download.url, passed);
          }
        }
        if (result.done) {
          if (download) await this.#keep(download, chunks, response.headers);
          return controller.close();
        }
        const chunk = result.value;
        passed += chunk.byteLength;
        if (download) chunks.push(chunk);
        this.#loaded += chunk.byteLength;
        this.#report();
        controller.enqueue(chunk);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    const { status, statusText, headers } = response;
    return new Response(stream, { status, statusText, headers });
  }

  /** Downloads `url` again and returns a reader positioned after its first `offset` bytes. */
  async #refetchFrom(url: string, offset: number): Promise<ReadableStreamDefaultReader<Uint8Array<ArrayBuffer>>> {
    const again = await fetch(url, { cache: 'no-store' });
    if (!again.ok || !again.body)
      throw new Error(`${url} broke off mid-download and then answered HTTP ${again.status}.`);
    let toSkip = offset;
    const skipped = again.body.pipeThrough(
      new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
        transform(chunk, controller) {
          if (toSkip >= chunk.byteLength) return void (toSkip -= chunk.byteLength);
          controller.enqueue(toSkip > 0 ? chunk.subarray(toSkip) : chunk);
          toSkip = 0;
        },
      }),
    );
    return skipped.getReader();
  }

  /**
   * Checks a finished download against the manifest and caches it. A mismatch fails the load (the bytes are not
   * the model the manifest describes); a full cache only means the next visit downloads again.
   */
  async #keep(
    download: { url: string; cache: Cache | undefined },
    chunks: Uint8Array<ArrayBuffer>[],
    headers: Headers,
  ): Promise<void> {
    const expected = this.#expectedHash(download.url);
    const body = new Blob(chunks);
    if (expected) {
      const actual = await sha256Hex(await body.arrayBuffer());
      if (actual !== expected)
        throw new Error(`${download.url} does not match the SHA-256 in the twin manifest (got ${actual}).`);
    }
    if (!download.cache) return;
    const write = download.cache
      .put(download.url, new Response(body, { headers }))
      .catch((error: unknown) => this.#cacheRefused(error));
    this.#pendingWrites.push(write);
  }

  #cacheRefused(error: unknown): void {
    if (this.#warnedCacheFull) return;
    this.#warnedCacheFull = true;
    const why = error instanceof DOMException ? error.name : String(error);
    this.#options.warn?.(
      `The model could not be stored on this device (${why}), so it runs from memory and will download again on the next visit.`,
    );
  }

  #report(): void {
    const total = Math.max(this.#options.expectedBytes, this.#loaded);
    const phase = this.#fromNetwork ? 'fetch' : 'cache';
    this.#options.report({ phase, loaded: this.#loaded, total, fromCache: this.fromCache });
  }
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The model cache, or undefined where the Cache API is missing (e.g. an insecure origin): then nothing is kept. */
async function openCache(): Promise<Cache | undefined> {
  try {
    return await caches.open(MODEL_CACHE_NAME);
  } catch {
    return undefined;
  }
}
