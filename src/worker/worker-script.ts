/** The workers the element starts: the engine's and Whisper's. */
export type WorkerName = 'engine-worker' | 'speech-worker';

/**
 * The URL a worker starts from. Unbundled (the tests), its TypeScript source beside this module. The build
 * bundles each worker into the assets folder and swaps this module for one that returns `<asset-base><name>.js`
 * (scripts/rollup/worker-chunks.mjs): resolved against `asset-base`, not the script, so an app's bundler leaves the
 * worker alone, and it runs where the element's other assets are (README, "Bundlers").
 */
export function workerScript(name: WorkerName, _assetBase: string): URL {
  return new URL(`./${name}.ts`, import.meta.url);
}
