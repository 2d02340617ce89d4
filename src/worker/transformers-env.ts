import { env } from '@huggingface/transformers';
import type { ModelFetch } from './model-fetch.js';
import type { WorkerLoadSpec } from './protocol.js';

/**
 * transformers.js resolves model files as `<remoteHost>/<model id>/<file>`. The build can live at any URL, so it
 * is given a fixed id on a host that cannot exist, and ModelFetch maps that prefix back to the real folder.
 */
const VIRTUAL_HOST = 'https://twin-build.invalid/';
export const MODEL_ID = 'twin/build';
const VIRTUAL_BUILD = `${VIRTUAL_HOST}${MODEL_ID}/`;

/**
 * ORT's plain wasm build for the CPU path: it loads in about half the time of the asyncify build transformers.js
 * picks by default, and decodes faster (bench/engines.mjs measures both). WebGPU needs the asyncify build.
 */
function ortFiles(device: WorkerLoadSpec['device']): { mjs: string; wasm: string } {
  const name = device === 'webgpu' ? 'ort-wasm-simd-threaded.asyncify' : 'ort-wasm-simd-threaded';
  return { mjs: `${name}.mjs`, wasm: `${name}.wasm` };
}

/**
 * Points transformers.js at our own files only: the build through ModelFetch, ORT from `asset-base`. Used by both
 * workers: the twin (transformers-model.ts) and Whisper (whisper-model.ts) load their builds the same way.
 */
export function configure(
  spec: Pick<WorkerLoadSpec, 'device' | 'assetBase' | 'threads' | 'buildUrl'>,
  modelFetch: ModelFetch,
): void {
  const files = ortFiles(spec.device);
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number } };
  if (onnx.wasm) {
    onnx.wasm.wasmPaths = {
      mjs: new URL(files.mjs, spec.assetBase).href,
      wasm: new URL(files.wasm, spec.assetBase).href,
    };
    // Threads need a cross-origin isolated page (SharedArrayBuffer); elsewhere ORT runs one thread anyway.
    onnx.wasm.numThreads =
      spec.threads ?? (self.crossOriginIsolated ? Math.min(navigator.hardwareConcurrency || 1, 4) : 1);
  }
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = VIRTUAL_HOST;
  env.remotePathTemplate = '{model}/';
  // ModelFetch owns caching (and says "from cache"); transformers.js's own cache would store a second copy.
  env.useBrowserCache = false;
  env.useWasmCache = false;
  env.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return modelFetch.fetch(
      url.startsWith(VIRTUAL_BUILD) ? spec.buildUrl + url.slice(VIRTUAL_BUILD.length) : input,
      init,
    );
  };
}
