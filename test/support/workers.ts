/**
 * The page's workers, as the browser started them, so a test (or bench/soak.mjs) can crash one or send it a fault
 * the way the platform would, with no hook in the product. Import this module before the page starts a worker: it
 * wraps the `Worker` constructor, and the wrapper only records. Faults reach the engine worker through the
 * listener the test server adds to it (test/support/engine-worker-faults.js).
 */

/** The failures the listener reproduces: Cache API writes refused as on a full disk, and the WebGPU device lost. */
export type WorkerFault = 'cache-full' | 'device-lost';

/** The engine worker's name (src/engines/worker-host.ts), as the browser reports it. */
const ENGINE_WORKER = 'twin-engine';

/** The workers started and not yet terminated, with their names. */
const live = new Map<Worker, string>();
/** Faults every engine worker started from now on gets before its first message. */
const armed = new Set<WorkerFault>();

const PlatformWorker = globalThis.Worker;
// On the platform's own prototype, so a test that wraps `Worker.prototype.terminate` still reaches it.
const terminate = PlatformWorker.prototype.terminate;
PlatformWorker.prototype.terminate = function (this: Worker) {
  live.delete(this);
  terminate.call(this);
};
globalThis.Worker = class RecordedWorker extends PlatformWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    const name = options?.name ?? '';
    live.set(this, name);
    if (name === ENGINE_WORKER) for (const fault of armed) this.postMessage({ type: 'test-fault', fault });
  }
};

/** The engine workers still running: one per model loaded (or loading) on the page. */
export function liveEngineWorkers(): Worker[] {
  return [...live].filter(([, name]) => name === ENGINE_WORKER).map(([worker]) => worker);
}

/** Every engine worker now running fails as a crashed one does: the page hears an error event. */
export function crashEngineWorkers(): void {
  for (const worker of liveEngineWorkers()) worker.dispatchEvent(new ErrorEvent('error', { cancelable: true }));
}

/** Reproduces `fault` inside every engine worker now running; whatever the page posts after it waits for it. */
export function faultEngineWorkers(fault: WorkerFault): void {
  for (const worker of liveEngineWorkers()) worker.postMessage({ type: 'test-fault', fault });
}

/** Arms `fault` for every engine worker started from now on, until `disarmFaults()`. */
export function armFault(fault: WorkerFault): void {
  armed.add(fault);
}

export function disarmFaults(): void {
  armed.clear();
}
