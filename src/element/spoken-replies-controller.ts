import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { browserSpeechSynthesis, speakReply } from '../speech/spoken-replies.js';
import type { Notices } from './notices.js';

/**
 * The speaker toggle: while it is on, each finished reply is read aloud with an on-device voice. Off on every
 * page load, and never stored.
 */
export class SpokenRepliesController implements ReactiveController {
  on = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly notices: Notices,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Whether this browser can speak at all; without it the toggle is not shown. */
  get available(): boolean {
    return browserSpeechSynthesis() !== undefined;
  }

  toggle(): void {
    this.stop();
    this.on = !this.on;
    this.notices.dismiss(['voice-unavailable']);
    this.host.requestUpdate();
  }

  /** Reads a finished reply aloud; where the browser has no on-device voice the toggle turns itself off, and says why. */
  speak(text: string): void {
    if (!this.on) return;
    const synthesis = browserSpeechSynthesis();
    const lang = this.host.closest('[lang]')?.getAttribute('lang') || 'en';
    try {
      if (synthesis && speakReply(synthesis, text, lang)) return;
    } catch {
      // A speech engine that throws is no voice at all; the reply itself is already settled and shown.
    }
    this.on = false;
    this.host.requestUpdate();
    this.notices.show(
      'voice-unavailable',
      'This browser has no on-device voice, so replies are not read aloud (a network voice would send them away).',
    );
  }

  /** Only while the toggle is on: a page's own speech is not ours to cut off. */
  stop(): void {
    if (this.on) browserSpeechSynthesis()?.synthesis.cancel();
  }
}
