// Adds the fault listener (test/support/engine-worker-faults.js) to the engine worker: a web-test-runner plugin for
// the test server, and a Rollup plugin for the soak bench's build. The product's worker has no fault code at all.
import { fileURLToPath } from 'node:url';

const ENGINE_WORKER = 'src/worker/engine-worker.ts';
const LISTENER = fileURLToPath(new URL('./engine-worker-faults.js', import.meta.url));

/** The test server serves the engine worker with the listener imported first. */
export function serveWorkerFaults() {
  return {
    name: 'serve-worker-faults',
    transform(context) {
      if (context.path === `/${ENGINE_WORKER}`)
        return { body: `import '/test/support/engine-worker-faults.js';\n${context.body}` };
    },
  };
}

/** The soak bench bundles the engine worker with the listener imported first. */
export function bundleWorkerFaults() {
  return {
    name: 'bundle-worker-faults',
    transform(code, id) {
      if (id.endsWith(ENGINE_WORKER)) return `import ${JSON.stringify(LISTENER)};\n${code}`;
    },
  };
}
