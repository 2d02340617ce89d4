/// <reference lib="webworker" />
/**
 * The module worker that hosts one loaded model (ARCHITECTURE.md, "Engines": the page thread only renders). The page side is
 * src/engines/worker-host.ts. The inference libraries are imported on demand, so a worker for transformers.js
 * never downloads web-llm and the other way round.
 */
import type { ChatMessage } from '../generation/chat-message.js';
import { PromptTooLongError } from '../generation/context-fit.js';
import type { FromWorker, GenerateRequest, ToWorker, WorkerLoadSpec } from './protocol.js';
import { errorMessage } from './worker-rpc.js';
import type { ModelLoader, WorkerModel } from './worker-model.js';

declare const self: DedicatedWorkerGlobalScope;

let model: WorkerModel | undefined;
/** Replies run one at a time (a model has one KV cache); several chats on a page queue here. */
let queue: Promise<void> = Promise.resolve();
/** Ids of replies interrupted before or while they ran. */
const interrupted = new Set<number>();
let running: number | undefined;
/** The loaded twin's system prompt, run ahead of the first reply (see WorkerLoadSpec.systemPrompt). */
let systemPrompt: string | undefined;

function post(message: FromWorker): void {
  self.postMessage(message);
}

async function loaderFor(spec: WorkerLoadSpec): Promise<ModelLoader> {
  if (spec.backend === 'webllm') return (await import('./webllm-model.js')).loadWebLlmModel;
  return (await import('./transformers-model.js')).loadTransformersModel;
}

async function load(spec: WorkerLoadSpec): Promise<void> {
  try {
    const loadModel = await loaderFor(spec);
    model = await loadModel(
      spec,
      (progress) => post({ type: 'progress', progress }),
      (message) => post({ type: 'warning', message }),
    );
    post({ type: 'loaded' });
    systemPrompt = spec.systemPrompt;
    prefillSystemPrompt();
  } catch (error) {
    post({ type: 'load-failed', message: errorMessage(error) });
  }
}

/**
 * Runs the system prompt in the queue, so a reply asked meanwhile waits for it and then reuses it. Only a head
 * start: if it fails, the reply prefills the whole prompt as it would have anyway.
 */
function prefillSystemPrompt(): void {
  const loaded = model;
  if (!systemPrompt || !loaded?.prefill) return;
  const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt }];
  queue = queue.then(() => loaded.prefill?.(messages)).catch(() => undefined);
}

function reset(): void {
  model?.reset();
  prefillSystemPrompt();
}

function generate(id: number, request: GenerateRequest): void {
  queue = queue.then(async () => {
    if (interrupted.delete(id)) return post({ type: 'done', id, text: '', finish: 'aborted' });
    if (!model) return post({ type: 'generate-failed', id, message: 'No model is loaded in this worker.' });
    running = id;
    try {
      const result = await model.generate(request, (piece) => post({ type: 'text', id, piece }));
      const finish = interrupted.has(id) ? 'aborted' : result.finish;
      const { text, tokens, prefilled, decodeSteps } = result;
      post({ type: 'done', id, text, finish, tokens: tokens?.length, prefilled, decodeSteps });
    } catch (error) {
      const code = error instanceof PromptTooLongError ? 'prompt-too-long' : undefined;
      post({ type: 'generate-failed', id, message: errorMessage(error), ...(code ? { code } : {}) });
    } finally {
      running = undefined;
      interrupted.delete(id);
    }
  });
}

/** Frees the model, if one has loaded; the page terminates the worker once it hears back. */
async function unload(): Promise<void> {
  const loaded = model;
  model = undefined;
  await loaded?.unload().catch(() => undefined);
  post({ type: 'unloaded' });
}

function interrupt(id: number): void {
  interrupted.add(id);
  if (running === id) model?.interrupt();
}

self.onmessage = ({ data }: MessageEvent<ToWorker>) => {
  switch (data.type) {
    case 'load':
      return void load(data.spec);
    case 'generate':
      return generate(data.id, data.request);
    case 'interrupt':
      return interrupt(data.id);
    case 'reset':
      return reset();
    case 'unload':
      return void unload();
  }
};
