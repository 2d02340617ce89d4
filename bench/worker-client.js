// What the bench pages share (bench/engines-page, bench/speech-page): a client for one of our workers, spoken to
// through its own protocol, and the median the pages report.

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A module worker whose messages resolve waiters; a message of a `failures` type rejects the waiter instead. */
export class WorkerClient {
  constructor(url, failures) {
    this.worker = new Worker(url, { type: 'module' });
    this.failures = failures;
    this.listeners = new Set();
    this.worker.onmessage = ({ data }) => this.listeners.forEach((listener) => listener(data));
  }
  next(predicate) {
    return new Promise((resolve, reject) => {
      const listener = (message) => {
        if (this.failures.includes(message.type)) reject(new Error(message.message));
        else if (predicate(message)) resolve(message);
        else return;
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }
  /** Loads the model; returns the milliseconds it took. */
  async load(spec) {
    const start = performance.now();
    const loaded = this.next((message) => message.type === 'loaded');
    this.worker.postMessage({ type: 'load', spec });
    await loaded;
    return performance.now() - start;
  }
}
