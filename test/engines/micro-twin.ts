import { AutoModelForCausalLM, type PreTrainedModel } from '@huggingface/transformers';
import { loadTransformersModel, type TransformersModel } from '../../src/worker/transformers-model.js';
import { configure, MODEL_ID } from '../../src/worker/transformers-env.js';
import { ModelFetch } from '../../src/worker/model-fetch.js';
import type { WorkerLoadSpec } from '../../src/worker/protocol.js';
import { ORT_ASSETS } from './model-helpers.js';

/** The committed micro twin (models/ada-twin), unless `extra.buildUrl` names another build the test server serves. */
function buildSpec(device: 'wasm' | 'webgpu', dtype: string, extra: Partial<WorkerLoadSpec>): WorkerLoadSpec {
  return {
    backend: 'transformers',
    device,
    dtype,
    buildUrl: new URL('/models/ada-twin/', location.href).href,
    architecture: 'llama',
    assetBase: new URL(ORT_ASSETS, location.href).href,
    expectedBytes: 0,
    ...extra,
  };
}

/**
 * The micro twin, loaded on the page by the same loader the worker runs, so a test can read token ids and prefill
 * counts the worker protocol does not carry. Apart from model-helpers.ts, which every element test imports, so
 * that only these tests load transformers.js on the page.
 */
export function loadMicroTwin(
  device: 'wasm' | 'webgpu',
  dtype: string,
  extra: Partial<WorkerLoadSpec> = {},
): Promise<TransformersModel> {
  return loadTransformersModel(buildSpec(device, dtype, extra), () => undefined);
}

/**
 * The same build as transformers.js alone loads it, on WASM: a reference for the logits our decoding starts
 * from, with none of our decoding (drafts, penalty, cache reuse) around it.
 */
export async function loadBareModel(dtype: string, extra: Partial<WorkerLoadSpec> = {}): Promise<PreTrainedModel> {
  const spec = buildSpec('wasm', dtype, extra);
  configure(spec, new ModelFetch({ buildUrl: spec.buildUrl, expectedBytes: 0, report: () => undefined }));
  return AutoModelForCausalLM.from_pretrained(MODEL_ID, { device: 'wasm', dtype: dtype as 'fp32' });
}
