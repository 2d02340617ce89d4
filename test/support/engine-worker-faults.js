// Runs inside the engine worker, added only by the test server and the soak bench's build
// (test/support/serve-worker-faults.mjs): the page cannot reach into the worker, so it posts
// `{type: 'test-fault', fault}` and this reproduces the real failure here. Every message after a fault waits until
// the fault has taken effect, so a test knows what it hits; that is why this wraps the worker's own `onmessage`.

let applied = Promise.resolve();
/** @type {((event: MessageEvent) => void) | null} */
let handler = null;

Object.defineProperty(self, 'onmessage', {
  configurable: true,
  get: () => handler,
  set: (value) => {
    handler = value;
  },
});

self.addEventListener('message', (event) => {
  const fault = event.data?.type === 'test-fault' ? event.data.fault : undefined;
  applied = applied.then(() => (fault ? inject(fault) : handler?.call(self, event))).catch(() => undefined);
});

/** @param {'cache-full' | 'device-lost'} fault */
async function inject(fault) {
  if (fault === 'cache-full') fillCache();
  else await loseGpuDevice();
}

/** Every later Cache API write fails as it does on a device out of storage. */
function fillCache() {
  Cache.prototype.put = () =>
    Promise.reject(new DOMException('The quota has been exceeded (injected).', 'QuotaExceededError'));
}

/** Destroys the GPU device ORT runs on, as a driver reset or a GPU process crash would. */
async function loseGpuDevice() {
  const { env } = await import('@huggingface/transformers');
  (await env.backends.onnx.webgpu?.device)?.destroy();
}
