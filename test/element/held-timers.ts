/**
 * Holds every setTimeout the page sets from now on, to run them all at once with `runAll()`. A negative check
 * ("nothing happens after X") then needs no guess at how long to wait: whatever the code under test put off, by
 * any delay, happens at once. Timers set before the hold, and intervals, run as usual.
 */
export function holdTimers(): { runAll(): void } {
  const { setTimeout: set, clearTimeout: clear } = window;
  const held = new Map<number, () => void>();
  let nextId = 0;
  window.setTimeout = ((handler: TimerHandler, _delay?: number, ...args: unknown[]) => {
    // Negative, so never the id of a real timer.
    const id = --nextId;
    if (typeof handler === 'function') held.set(id, () => handler(...args));
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (!held.delete(id ?? 0)) clear(id);
  }) as typeof window.clearTimeout;
  return {
    runAll() {
      window.setTimeout = set;
      window.clearTimeout = clear;
      for (const run of held.values()) run();
    },
  };
}
