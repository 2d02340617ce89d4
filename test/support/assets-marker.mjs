// The tests' `asset-base` is ONNX Runtime's own folder in node_modules: its wasm is there, and unbundled the workers
// start from their TypeScript source (src/worker/worker-script.ts). The test server adds the marker that the build
// writes into dist/assets/, so the element's check of the folder (src/worker/assets-check.ts) finds what it would.
import { assetsMarker } from '../../scripts/rollup/assets-marker.mjs';

export const TEST_ASSET_BASE = '/node_modules/onnxruntime-web/dist/';

export function serveAssetsMarker() {
  return (context, next) => {
    if (context.path !== `${TEST_ASSET_BASE}twin-chat-assets.json`) return next();
    context.type = 'application/json';
    context.body = assetsMarker();
  };
}
