// Copies ONNX Runtime Web's wasm builds into the assets folder (dist/assets/, beside the script), where the element's
// `asset-base` looks for them: the plain SIMD-threaded build (WASM engine) and the asyncify build (WebGPU
// engine). Pages never fetch them from a CDN.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const ORT_DIST = 'node_modules/onnxruntime-web/dist';
const FILES = ['ort-wasm-simd-threaded', 'ort-wasm-simd-threaded.asyncify'].flatMap((name) => [
  `${name}.mjs`,
  `${name}.wasm`,
]);

export function ortAssets({ to }) {
  return {
    name: 'ort-assets',
    async writeBundle() {
      await mkdir(to, { recursive: true });
      await Promise.all(FILES.map((file) => copyFile(join(ORT_DIST, file), join(to, file))));
    },
  };
}
