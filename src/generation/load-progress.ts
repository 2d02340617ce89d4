/** How far a model's load has come; shared by every engine and by the worker that loads the model. */
export interface LoadProgress {
  phase: 'fetch' | 'cache' | 'compile' | 'ready';
  loaded: number;
  total: number;
}
