import type { TwinManifest } from '../models/manifest.js';
import { checkAssets } from '../worker/assets-check.js';
import type { EngineSetting } from './engine-setting.js';
import type { LadderEngine, LadderHooks } from './ladder-engine.js';

export interface SelectionContext {
  /** The manifest's own URL: its build URLs are relative to it. */
  manifestUrl: URL;
  /** The assets folder: the workers and ORT's wasm (engines/asset-base.ts). */
  assetBase: URL;
  /** Downloads above this many bytes wait for the visitor's click. */
  confirmAboveBytes: number;
  hooks: LadderHooks;
}

/**
 * Probes the device and builds the capability ladder for a setting (ARCHITECTURE.md, "Engines"). Everything behind it is
 * imported on demand, so the probes, the ladder and the engines stay out of the script a page loads up front.
 */
export async function selectEngine(
  setting: EngineSetting,
  manifest: TwinManifest,
  context: SelectionContext,
): Promise<LadderEngine> {
  const [{ probeCapabilities }, { planLadder }, { LadderEngine }] = await Promise.all([
    import('./capabilities.js'),
    import('./ladder.js'),
    import('./ladder-engine.js'),
  ]);
  // Only the GPU rungs need an adapter: `scripted` and `wasm` start below them.
  const caps = await probeCapabilities(navigator, { gpu: setting !== 'scripted' && setting !== 'wasm' });
  const rungs = planLadder(setting, manifest, caps, context);
  // Every rung but the scripted one runs in a worker from the assets folder.
  if (rungs.some((rung) => rung.kind !== 'scripted')) await checkAssets(context.assetBase);
  return new LadderEngine({ rungs, caps, confirmAboveBytes: context.confirmAboveBytes, hooks: context.hooks });
}
