import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DownloadRequest } from '../engines/download-consent.js';

/**
 * The question before a large download: the request stays on screen until the visitor answers it. A new load, or
 * the element leaving the page, answers "no", so the ladder never waits on a question nobody can see.
 */
export class DownloadConsentController implements ReactiveController {
  /** The download waiting for the visitor's go-ahead, if one is. */
  request: DownloadRequest | undefined;
  #answer: ((accepted: boolean) => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.answer(false);
  }

  /** Shows the download's size; resolves with the visitor's choice. */
  ask(request: DownloadRequest): Promise<boolean> {
    this.answer(false);
    return new Promise((resolve) => {
      this.#answer = (accepted) => {
        this.#answer = undefined;
        this.request = undefined;
        this.host.requestUpdate();
        resolve(accepted);
      };
      this.request = request;
      this.host.requestUpdate();
    });
  }

  answer(accepted: boolean): void {
    this.#answer?.(accepted);
  }
}
