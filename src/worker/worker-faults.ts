/**
 * Test seams for the fault-injection tests (test/faults/) and bench/soak.mjs. The page cannot reach into the
 * worker, so it posts a `fault` message and this module reproduces the real failure here. Loaded only when a
 * fault is injected; nothing in the normal load or reply path depends on it.
 */
import type { WorkerFault } from './protocol.js';

export async function injectFault(fault: WorkerFault): Promise<void> {
  if (fault === 'cache-full') fillCache();
  else await loseGpuDevice();
}

/** Every later Cache API write fails as it does on a device out of storage. */
function fillCache(): void {
  Cache.prototype.put = () => Promise.reject(new DOMException('The quota has been exceeded (injected).', 'QuotaExceededError'));
}

/** Destroys the GPU device ORT runs on, as a driver reset or a GPU process crash would. */
async function loseGpuDevice(): Promise<void> {
  const { env } = await import('@huggingface/transformers');
  const webgpu = (env.backends.onnx as { webgpu?: { device?: Promise<{ destroy(): void }> } }).webgpu;
  (await webgpu?.device)?.destroy();
}
