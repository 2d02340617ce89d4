// The same module transformers.js imports, so the runtime started here is the one its sessions use.
import { InferenceSession } from 'onnxruntime-web/webgpu';

/** y = Identity(x), one float: the smallest model ORT will open (67 bytes, written with onnx.helper, opset 13). */
const IDENTITY_MODEL = new Uint8Array([
  8, 7, 18, 0, 58, 55, 10, 16, 10, 1, 120, 18, 1, 121, 34, 8, 73, 100, 101, 110, 116, 105, 116, 121, 18, 1, 119, 90, 15,
  10, 1, 120, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 98, 15, 10, 1, 121, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 66,
  4, 10, 0, 16, 13,
]);

/**
 * Starts ORT's WebAssembly runtime now. ORT fetches, compiles and instantiates its 14 MB wasm at the first session,
 * and transformers.js creates that session only once every model byte is in; opening a trivial session first lets
 * that half second run while the weights download (or come out of the cache and are hashed). Call it after the
 * wasm paths are configured, and for the WASM backend only: ORT sets its runtime up once, for the first session's
 * backend, so a WebGPU session after this one would fail. A failure is left to the model's own session, which fails
 * the same way, with the message the visitor sees.
 */
export function warmUpOrt(): Promise<void> {
  return InferenceSession.create(IDENTITY_MODEL).then(
    (session) => session.release(),
    () => undefined,
  );
}
