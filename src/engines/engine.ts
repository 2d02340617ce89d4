import type { ChatMessage } from '../generation/chat-message.js';
import type { LoadProgress } from '../generation/load-progress.js';
import type { GenerateResult } from '../generation/reply.js';
import type { TwinManifest } from '../models/manifest.js';

/** Which implementation answers: a model through web-llm or transformers.js, or the no-model scripted engine. */
export type EngineKind = 'webllm' | 'transformers' | 'scripted';
/** Where the engine computes. */
export type EngineDevice = 'webgpu' | 'wasm' | 'none';

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  /** A problem the engine loads despite (e.g. no room to cache the model), for the visitor to know. */
  onWarning?: (message: string) => void;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /** Called with each new piece of reply text as it streams. */
  onText: (piece: string) => void;
  /**
   * Called when the reply starts over from nothing (the engine failed mid-reply and the next engine down the
   * ladder answers the same messages): the pieces streamed so far are void.
   */
  onRestart?: () => void;
}

/**
 * The one interface every engine implements (ARCHITECTURE.md, "Engines"). `messages` is the full prompt conversation: the
 * manifest's system message, the capped history and the new user message last.
 */
export interface Engine {
  readonly kind: EngineKind;
  readonly device: EngineDevice;
  load(manifest: TwinManifest, options?: LoadOptions): Promise<void>;
  generate(messages: readonly ChatMessage[], options: GenerateOptions): Promise<GenerateResult>;
  /** Forgets any per-conversation state (e.g. a KV cache) but keeps the model loaded. */
  reset(): void;
  unload(): Promise<void>;
}
