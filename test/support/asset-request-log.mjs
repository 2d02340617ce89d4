// Counts the requests the server receives for model files and ORT wasm files, so a browser test can prove what
// was (not) fetched: the cache test expects no model request on a second load, the engine tests check which
// ORT build was served from `asset-base`. Read and reset from a test with
// `executeServerCommand('asset-requests', { reset: true })`.
const COUNTED =
  /\/(onnx\/[^/]+\.onnx|config\.json|tokenizer(_config)?\.json|generation_config\.json|preprocessor_config\.json|mlc-chat-config\.json|ort-wasm-[^/]+)$/;

/**
 * Every request the browser makes for the test's page, its workers included and whatever the origin (so one to
 * another site is seen too, unlike in the server's log), as {url, type}: the privacy audits (test/audit/) check
 * it against what the element is allowed to fetch. `executeServerCommand('browser-requests', {reset: true})`
 * starts a fresh list.
 */
function browserRequestLog(session, reset) {
  const page = session.browser.getPage(session.id);
  let log = browserRequests.get(page);
  if (!log) {
    log = [];
    browserRequests.set(page, log);
    page.context().on('request', (request) => log.push({ url: request.url(), type: request.resourceType() }));
  }
  const snapshot = [...log];
  if (reset) log.length = 0;
  return snapshot;
}
const browserRequests = new WeakMap();

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
      executeCommand({ command, payload, session }) {
        if (command === 'browser-requests') return browserRequestLog(session, payload?.reset);
        if (command !== 'asset-requests') return undefined;
        const snapshot = Object.fromEntries(counts);
        if (payload?.reset) counts.clear();
        return snapshot;
      },
    },
  };
}
