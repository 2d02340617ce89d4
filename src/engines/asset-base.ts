/**
 * Where engine assets (ORT's wasm files) are fetched from when the element has no `asset-base`: an `assets/`
 * folder beside the script, which the build fills from onnxruntime-web. Resolved against this module's URL, which
 * the build keeps inside the entry script (the element, element/twin-chat.ts, imports it), so it follows the
 * script wherever a site serves it. Never a CDN.
 */
export const DEFAULT_ASSET_BASE = new URL('./assets/', import.meta.url);
