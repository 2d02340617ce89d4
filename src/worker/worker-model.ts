import type { ChatMessage } from '../generation/chat-message.js';
import type { GenerateResult } from '../generation/reply.js';
import type { GenerateRequest, WorkerLoadSpec, WorkerProgress } from './protocol.js';

/** A model loaded inside the worker, whichever library runs it. One reply at a time. */
export interface WorkerModel {
  generate(
    request: GenerateRequest,
    onText: (piece: string) => void,
  ): Promise<GenerateResult & { tokens?: number[]; prefilled?: number; decodeSteps?: number }>;
  /** Runs the prompt's opening messages ahead of the first reply, where the library allows (see TransformersModel). */
  prefill?(messages: readonly ChatMessage[]): Promise<void>;
  /** Ends the running reply at the next token; the reply reports finish "aborted". */
  interrupt(): void;
  reset(): void;
  unload(): Promise<void>;
}

/** `warn` tells the visitor about a problem the model loads despite (no room to cache it). */
export type ModelLoader = (
  spec: WorkerLoadSpec,
  report: (progress: WorkerProgress) => void,
  warn: (message: string) => void,
) => Promise<WorkerModel>;
