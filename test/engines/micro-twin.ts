import { loadTransformersModel, type TransformersModel } from '../../src/worker/transformers-model.js';
import type { WorkerLoadSpec } from '../../src/worker/protocol.js';
import { ORT_ASSETS } from './model-helpers.js';

/**
 * The committed micro twin (models/ada-twin), loaded on the page by the same loader the worker runs, so a test can
 * read token ids and prefill counts the worker protocol does not carry. Apart from model-helpers.ts, which every
 * element test imports, so that only these tests load transformers.js on the page.
 */
export function loadMicroTwin(device: 'wasm' | 'webgpu', dtype: string, extra: Partial<WorkerLoadSpec> = {}): Promise<TransformersModel> {
  return loadTransformersModel(
    {
      backend: 'transformers',
      device,
      dtype,
      buildUrl: new URL('/models/ada-twin/', location.href).href,
      architecture: 'llama',
      assetBase: new URL(ORT_ASSETS, location.href).href,
      expectedBytes: 0,
      ...extra,
    },
    () => undefined,
  );
}
