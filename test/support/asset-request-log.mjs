// Counts the requests the server receives for model files and ORT wasm files, so a browser test can prove what
// was (not) fetched: the cache test expects no model request on a second load, the engine tests check which
// ORT build was served from `asset-base`. Read and reset from a test with
// `executeServerCommand('asset-requests', { reset: true })`.
const COUNTED = /\/(onnx\/[^/]+\.onnx|config\.json|tokenizer(_config)?\.json|generation_config\.json|mlc-chat-config\.json|ort-wasm-[^/]+)$/;

export function assetRequestLog() {
  const counts = new Map();
  return {
    middleware: async (context, next) => {
      // 1-byte range requests (transformers.js asking for a file's size) are kept apart from real downloads.
      const key = context.headers.range ? `${context.path} (range)` : context.path;
      if (COUNTED.test(context.path)) counts.set(key, (counts.get(key) ?? 0) + 1);
      await next();
    },
    plugin: {
      name: 'asset-request-log',
      executeCommand({ command, payload }) {
        if (command !== 'asset-requests') return undefined;
        const snapshot = Object.fromEntries(counts);
        if (payload?.reset) counts.clear();
        return snapshot;
      },
    },
  };
}
