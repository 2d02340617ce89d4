// ORT's wasm loaders (ort-wasm-simd-threaded*.mjs) hold `import("module")` and friends in a Node-only branch.
// web-test-runner's nodeResolve tries to resolve them for the browser and fails the whole file; leaving Node
// builtins unchanged lets the file through, and the browser never takes that branch.
const NODE_BUILTINS = new Set([
  'module',
  'worker_threads',
  'fs',
  'path',
  'url',
  'node:module',
  'node:worker_threads',
  'node:fs',
  'node:path',
  'node:url',
]);

export function nodeBuiltinsUnchanged() {
  return {
    name: 'node-builtins-unchanged',
    resolveImport({ source }) {
      if (NODE_BUILTINS.has(source)) return source;
      return undefined;
    },
  };
}
