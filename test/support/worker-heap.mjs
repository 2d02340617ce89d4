// The JS heap of a dedicated worker, read through the browser driver: a worker has no performance.memory, and a
// page's figure leaves out its workers' heaps, so a leak in the engine worker (a KV cache kept per turn) would not
// show in it. Chromium's DevTools protocol reaches the worker: a full garbage collection there, then its heap
// usage, ArrayBuffer backing stores included (where tensors keep their data).
// From a test: `executeServerCommand('worker-heap', { url: 'engine-worker' })` → { used, backingStores } in bytes.

/** Sends one DevTools command to a worker attached (not flattened) under the page's session. */
function commandInWorker(cdp, sessionId) {
  let nextId = 0;
  const pending = new Map();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (message) =>
        message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result),
      );
      cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch(reject);
    });
}

async function workerHeap(page, urlPart) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const workers = [];
    cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
      if (targetInfo.type === 'worker' && targetInfo.url.includes(urlPart)) workers.push(sessionId);
    });
    // Existing workers are announced before this returns.
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    if (workers.length !== 1)
      throw new Error(`expected one worker whose URL holds "${urlPart}", found ${workers.length}`);
    const send = commandInWorker(cdp, workers[0]);
    await send('HeapProfiler.collectGarbage');
    const { usedSize, backingStorageSize } = await send('Runtime.getHeapUsage');
    return { used: usedSize, backingStores: backingStorageSize };
  } finally {
    await cdp.detach();
  }
}

export function workerHeapCommand() {
  return {
    name: 'worker-heap',
    executeCommand({ command, payload, session }) {
      if (command !== 'worker-heap') return undefined;
      return workerHeap(session.browser.getPage(session.id), payload.url);
    },
  };
}
