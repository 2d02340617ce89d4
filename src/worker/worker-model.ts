import type { GenerateResult } from '../engines/engine.js';
import type { GenerateRequest, WorkerLoadSpec, WorkerProgress } from './protocol.js';

/** A model loaded inside the worker, whichever library runs it. One reply at a time. */
export interface WorkerModel {
  generate(request: GenerateRequest, onText: (piece: string) => void): Promise<GenerateResult & { tokens?: number[] }>;
  /** Ends the running reply at the next token; the reply reports finish "aborted". */
  interrupt(): void;
  reset(): void;
  unload(): Promise<void>;
}

export type ModelLoader = (spec: WorkerLoadSpec, report: (progress: WorkerProgress) => void) => Promise<WorkerModel>;
