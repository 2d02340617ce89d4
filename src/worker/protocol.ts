import type { ChatMessage } from '../generation/chat-message.js';
import type { LoadProgress } from '../generation/load-progress.js';
import type { FinishReason } from '../generation/reply.js';
import type { KnownAnswer, Sampling } from '../models/manifest.js';

/**
 * The messages between the page and the engine worker (one worker hosts one loaded model). Modelled on
 * transformers.js-examples' worker demos: load, generate, interrupt, reset, unload. Their "check" step (does
 * WebGPU work?) is the page's capability probe here, made once for every chat on the page. Every message is
 * small (text, numbers), so structured clone costs nothing worth transferring; the model bytes never cross.
 */

/** What the worker runs: an ONNX build through transformers.js, or an MLC build through web-llm. */
export type WorkerBackend = 'transformers' | 'webllm';

/** Everything the worker needs to load one model, with every URL already absolute. */
export interface WorkerLoadSpec {
  backend: WorkerBackend;
  device: 'webgpu' | 'wasm';
  /** The build folder: config.json, tokenizer files and onnx/ (transformers) or the MLC model folder (web-llm). */
  buildUrl: string;
  /** transformers.js: the ONNX dtype to load, e.g. "q8". */
  dtype?: string;
  /** web-llm: the compiled model library (.wasm) and the GPU features it needs. */
  modelLib?: string;
  requiredFeatures?: string[];
  /** web-llm: what the GPU must compute for a fixed question before it may answer (see KnownAnswer). */
  knownAnswer?: KnownAnswer;
  /** The architecture the manifest claims; the build's own config must agree. */
  architecture: string;
  /** Tokens prompt and reply may hold together (the manifest's `context_window`); longer prompts lose old turns. */
  contextWindow?: number;
  /** Folder the ORT wasm files are served from (the element's `asset-base`). */
  assetBase: string;
  /** Bytes the manifest says the download is, so progress has a total before the first response arrives. */
  expectedBytes: number;
  /** The manifest's SHA-256 of each build file, by path inside the build folder: cached copies are checked against it. */
  sha256?: Record<string, string>;
  /** WASM threads; by default as many as help (up to 4) on a cross-origin isolated page, else 1. */
  threads?: number;
  /** The twin's notes (the knowledge's answers): replies that recite them decode several tokens a pass on WASM. */
  draftNotes?: string[];
  /**
   * The twin's system prompt, which every prompt opens with. transformers.js: the worker runs it as soon as the
   * model loads (and again after a reset), while the visitor types, so the first reply prefills only the
   * question. web-llm: the known-answer check asks its question under it.
   */
  systemPrompt?: string;
  /** Most draft tokens a greedy WASM reply checks per forward pass (default 8); 0 decodes a token a pass (the bench compares). */
  draftTokens?: number;
}

export interface GenerateRequest {
  messages: readonly ChatMessage[];
  sampling: Sampling;
  /** Suppresses the stop tokens until this many tokens are out (the bench compares equal-length replies). */
  minNewTokens?: number;
}

export type ToWorker =
  | { type: 'load'; spec: WorkerLoadSpec }
  | { type: 'generate'; id: number; request: GenerateRequest }
  | { type: 'interrupt'; id: number }
  | { type: 'reset' }
  | { type: 'unload' };

/** `fromCache` tells the page the bytes came from the Cache API, so it can say "from cache". */
export type WorkerProgress = LoadProgress & { fromCache: boolean };

export type FromWorker =
  | { type: 'progress'; progress: WorkerProgress }
  | { type: 'loaded' }
  /** Something the model runs without (e.g. no room to cache it), for the visitor to know. */
  | { type: 'warning'; message: string }
  | { type: 'load-failed'; message: string }
  | { type: 'text'; id: number; piece: string }
  /**
   * `tokens`: how many tokens the reply took, where the engine counts them; `prefilled`: how many prompt tokens it
   * ran, the rest coming from the previous reply's KV cache; `decodeSteps`: forward passes after the prompt's,
   * fewer than the tokens where drafts were kept (the bench reads all three).
   */
  | {
      type: 'done';
      id: number;
      text: string;
      finish: FinishReason;
      tokens?: number;
      prefilled?: number;
      decodeSteps?: number;
    }
  /** `prompt-too-long`: the question does not fit the context window even alone; the model itself is fine. */
  | { type: 'generate-failed'; id: number; message: string; code?: 'prompt-too-long' }
  | { type: 'unloaded' };
