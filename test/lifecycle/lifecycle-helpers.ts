import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ChatMessage } from '../../src/generation/chat-message.js';
import { renderChatML } from '../../src/generation/chat-ml.js';
import type { GenerateRequest } from '../../src/worker/protocol.js';

/**
 * Records every prompt the page sends to an engine worker, by watching the page's real postMessage calls: the
 * element's history and prompt builder are private, and this is exactly what reaches the model.
 */
export function recordPrompts(): { prompts: ChatMessage[][]; restore: () => void } {
  const original = Worker.prototype.postMessage;
  const prompts: ChatMessage[][] = [];
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
    const sent = message as { type?: string; request?: GenerateRequest };
    if (sent?.type === 'generate' && sent.request) prompts.push([...sent.request.messages]);
    return (original as (...args: unknown[]) => void).call(this, message, ...rest);
  } as Worker['postMessage'];
  return { prompts, restore: () => (Worker.prototype.postMessage = original) };
}

/** The micro twin's own tokenizer, loaded on the page (not cached anywhere), to count a prompt's tokens. */
export async function microTokenizer(): Promise<PreTrainedTokenizer> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '/models/';
  env.useBrowserCache = false;
  return AutoTokenizer.from_pretrained('ada-twin');
}

/** Tokens of the prompt as the worker renders it (ChatML with the generation prompt), special tokens included. */
export function promptTokens(tokenizer: PreTrainedTokenizer, messages: readonly ChatMessage[]): number {
  return tokenizer.encode(renderChatML(messages, true), { add_special_tokens: false }).length;
}

/** The page's JS heap after a full garbage collection (Chromium with --js-flags=--expose-gc). */
export async function heapAfterGc(): Promise<number> {
  const { gc } = globalThis as { gc?: () => void };
  if (!gc) throw new Error('run with --js-flags=--expose-gc (the lifecycle group does)');
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  return (performance as Performance & { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
}

/** A session's JS heaps after GC, in bytes: the page's (history, the engine's proxy) and the engine worker's. */
export interface Heaps {
  page: number;
  worker: number;
}

export async function heapsAfterGc(): Promise<Heaps> {
  return { page: await heapAfterGc(), worker: await engineWorkerHeapAfterGc() };
}

/**
 * The engine worker's JS heap after a full garbage collection there, ArrayBuffer backing stores included: the
 * model's tensors (a KV cache) keep their data in those, and the page's own heap never counts a worker's.
 */
async function engineWorkerHeapAfterGc(): Promise<number> {
  const heap = (await executeServerCommand('worker-heap', { url: 'engine-worker' })) as {
    used: number;
    backingStores: number;
  };
  return heap.used + heap.backingStores;
}
