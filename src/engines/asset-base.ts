/**
 * The folder of everything the element fetches at run time besides its own code: ONNX Runtime's wasm, the engine
 * and speech workers, and the default registry with the demo twin (the build's dist/assets/). Without an
 * `asset-base` attribute it is `assets/` beside the script. Never a CDN.
 *
 * Resolved against this module's URL, which the build keeps inside the entry script (the element,
 * element/twin-chat.ts, imports it), so it follows the script wherever a site serves it. When an app's bundler has
 * re-bundled the script, that URL is the app's own bundle (or, in webpack, a `file:` URL; in an esbuild IIFE,
 * nothing), and worker/assets-check.ts says so, naming `asset-base`. Not `new URL('./assets/', import.meta.url)`:
 * bundlers rewrite that pattern into files of their own (Vite inlines them as `data:` URLs).
 */
const scriptUrl: string | undefined = import.meta.url;
export const DEFAULT_ASSET_BASE = new URL('assets/', scriptUrl ?? document.baseURI);

/** The registry used without a `registry` attribute: the demo twin's, inside the assets. */
export function defaultRegistry(assetBase: URL): URL {
  return new URL('models/registry.json', assetBase);
}
