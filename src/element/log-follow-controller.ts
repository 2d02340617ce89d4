import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How near the end of the log counts as "at the end": about two lines. */
const FOLLOW_SLACK_PX = 48;

/**
 * Keeps the log on its newest message while the visitor reads along. A card renders into its slot after the
 * reply's own update, and a bubble can grow without one, so the log follows growth (a ResizeObserver on every
 * bubble), not only updates. A visitor who scrolls up keeps their place; whatever then arrives below raises
 * `unseen`, which the element shows as a button that brings them back down.
 */
export class LogFollowController implements ReactiveController {
  /** Something arrived below while the visitor was scrolled up. */
  unseen = false;
  #following = true;
  /** Where the log was last put at its end: a scrollTop above it means the visitor scrolled up since. */
  #placedTop = 0;
  #seenHeight = 0;
  #log: HTMLElement | undefined;
  #resizes: ResizeObserver | undefined;
  #observed = new WeakSet<Element>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly findLog: () => HTMLElement | undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#resizes?.disconnect();
    this.#resizes = undefined;
    this.#observed = new WeakSet();
    this.#log = undefined;
  }

  hostUpdated(): void {
    const log = this.findLog();
    if (!log) return;
    if (log !== this.#log) {
      this.#log = log;
      log.addEventListener('scroll', () => this.#check(log), { passive: true });
      this.#resizes = new ResizeObserver(() => this.#check(log));
      this.#resizes.observe(log);
    }
    for (const bubble of log.children) {
      if (this.#observed.has(bubble)) continue;
      this.#observed.add(bubble);
      this.#resizes?.observe(bubble);
    }
    this.#check(log);
  }

  /** The visitor sent something, or asked to catch up: the end of the log comes into view, and stays there. */
  follow(): void {
    this.#following = true;
    if (this.#log) this.#toEnd(this.#log);
  }

  #check(log: HTMLElement): void {
    const gap = log.scrollHeight - log.scrollTop - log.clientHeight;
    if (gap < FOLLOW_SLACK_PX) this.#following = true;
    else if (log.scrollTop < this.#placedTop - 1) this.#following = false;
    if (this.#following) this.#toEnd(log);
    else if (log.scrollHeight > this.#seenHeight) this.#setUnseen(true);
  }

  #toEnd(log: HTMLElement): void {
    // Instant, never smooth: a smooth scroll still under way when the next words land would read as "scrolled up".
    log.scrollTo({ top: log.scrollHeight, behavior: 'instant' });
    this.#placedTop = log.scrollTop;
    this.#seenHeight = log.scrollHeight;
    this.#setUnseen(false);
  }

  #setUnseen(unseen: boolean): void {
    if (this.unseen === unseen) return;
    this.unseen = unseen;
    this.host.requestUpdate();
  }
}
