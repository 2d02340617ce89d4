import type { ChatMessage } from '../generation/chat-message.js';
import type { TwinManifest } from '../models/manifest.js';
import type { GenerateResult } from '../generation/reply.js';
import type { Engine, GenerateOptions, LoadOptions } from './engine.js';
import { scriptedAnswer } from './scripted-answer.js';

export { scriptedAnswer };

/**
 * The no-model engine (the ladder's last step, always available): it answers from the twin's own
 * Q/A in the manifest. It streams like a model, word by word, so the element has one code path for every engine
 * and the stop button behaves the same everywhere.
 */
export class ScriptedEngine implements Engine {
  readonly kind = 'scripted';
  readonly device = 'none';
  readonly #msPerWord: number;
  #manifest: TwinManifest | null = null;

  /** `msPerWord` paces the stream: fast enough to read as instant, slow enough that stop can land mid-reply. */
  constructor({ msPerWord = 12 }: { msPerWord?: number } = {}) {
    this.#msPerWord = msPerWord;
  }

  async load(manifest: TwinManifest, options?: LoadOptions): Promise<void> {
    this.#manifest = manifest;
    options?.onProgress?.({ phase: 'ready', loaded: 1, total: 1 });
  }

  async generate(messages: readonly ChatMessage[], { signal, onText }: GenerateOptions): Promise<GenerateResult> {
    if (!this.#manifest) throw new Error('ScriptedEngine.generate called before load');
    const question = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
    const answer = scriptedAnswer(question, this.#manifest);
    let text = '';
    // Split where whitespace ends, so the pieces join back into exactly the answer, newlines included.
    for (const piece of answer.split(/(?<=\s)(?=\S)/)) {
      if (signal?.aborted) return { text, finish: 'aborted' };
      text += piece;
      onText(piece);
      await pause(this.#msPerWord, signal);
    }
    return { text, finish: signal?.aborted ? 'aborted' : 'stop' };
  }

  /** Nothing to forget: each answer depends on the question alone. */
  reset(): void {}

  async unload(): Promise<void> {
    this.#manifest = null;
  }
}

/** Waits `ms`, or less if the signal aborts first. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}
