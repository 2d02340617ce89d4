import type { TwinManifest } from '../models/manifest.js';
import type { LadderEngine, LadderHooks } from './ladder-engine.js';

/**
 * What the `engine` attribute asks for. `auto` lets the capability probes pick the top rung; the others force a
 * rung: `webllm` (web-llm on WebGPU), `webgpu` (transformers.js on WebGPU), `wasm` (transformers.js on WASM) or
 * `scripted`. A forced rung still steps down on failure, so a message is always answered.
 */
export type EngineSetting = 'auto' | 'webllm' | 'webgpu' | 'wasm' | 'scripted';

export const ENGINE_SETTINGS: readonly EngineSetting[] = ['auto', 'webllm', 'webgpu', 'wasm', 'scripted'];

export interface SelectionContext {
  /** The manifest's own URL: its build URLs are relative to it. */
  manifestUrl: URL;
  /** Where the ORT wasm files are served from (the `asset-base` attribute, else beside the script). */
  assetBase: URL;
  /** Downloads above this many bytes wait for the visitor's click. */
  confirmAboveBytes: number;
  hooks: LadderHooks;
}

/**
 * Probes the device and builds the capability ladder for a setting (DESIGN seam 4). Everything behind it is
 * imported on demand, so the probes, the ladder and the engines stay out of the script a page loads up front.
 */
export async function selectEngine(setting: EngineSetting, manifest: TwinManifest, context: SelectionContext): Promise<LadderEngine> {
  const [{ probeCapabilities }, { planLadder }, { LadderEngine }] = await Promise.all([
    import('./capabilities.js'),
    import('./ladder.js'),
    import('./ladder-engine.js'),
  ]);
  const caps = await probeCapabilities();
  const rungs = planLadder(setting, manifest, caps, context);
  return new LadderEngine({ rungs, caps, confirmAboveBytes: context.confirmAboveBytes, hooks: context.hooks });
}
