import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { TwinChat, TwinEngineDetail } from '../../src/index.js';
import { MODEL_CACHE_NAME } from '../../src/worker/model-fetch.js';
import { input, isGenerating, messageTexts, part, type } from '../element/helpers.js';

/** The committed micro twin (models/ada-twin), served by web-test-runner from the repo root. */
export const MICRO_REGISTRY = '/models/registry.json';
/** Fixture twins built on the micro twin's ONNX build: a slow download, web-llm builds, a wrong architecture. */
export const ENGINE_FIXTURES = '/test/fixtures/engines/registry.json';
/** ORT's wasm files straight from node_modules (the build copies them into dist/assets/). */
export const ORT_ASSETS = '/node_modules/onnxruntime-web/dist/';
/** Model replies on 2 shared cores, SwiftShader included, can take a while. */
export const MODEL_TIMEOUT = 60000;

export interface ModelChatOptions {
  registry?: string;
  model?: string;
  engine?: string;
  confirmMb?: number;
}

/** A chat on a model registry, with every twin-engine event recorded from the start. */
export async function modelChat(
  options: ModelChatOptions = {},
): Promise<{ el: TwinChat; engines: TwinEngineDetail[] }> {
  const engines: TwinEngineDetail[] = [];
  const el = await fixture<TwinChat>(html`<twin-chat
    registry=${options.registry ?? MICRO_REGISTRY}
    model=${options.model ?? ''}
    engine=${options.engine ?? 'auto'}
    asset-base=${ORT_ASSETS}
    confirm-download-mb=${options.confirmMb ?? 20}
    @twin-engine=${(event: CustomEvent<TwinEngineDetail>) => engines.push(event.detail)}
  ></twin-chat>`);
  return { el, engines };
}

/** Waits until an engine has loaded and the greeting is shown. */
export async function modelReady(el: TwinChat, engines: readonly TwinEngineDetail[]): Promise<void> {
  await waitUntil(
    () => engines.length > 0 && !part(el, 'progress') && messageTexts(el).length > 0,
    'the model never loaded',
    {
      timeout: MODEL_TIMEOUT,
    },
  );
}

/** Asks and waits for the whole reply, however slowly the model runs; returns the reply as shown. */
export async function askModel(el: TwinChat, question: string): Promise<string> {
  await type(el, question);
  await waitUntil(() => !isGenerating(el), 'the reply never finished', { timeout: MODEL_TIMEOUT });
  await el.updateComplete;
  return messageTexts(el).at(-1)!;
}

/**
 * Asks `question` the moment the chat is on the page, before any engine has loaded, and waits for its reply:
 * the visitor never types it again. Returns the reply as shown.
 */
export async function askWhileLoading(
  el: TwinChat,
  engines: readonly TwinEngineDetail[],
  question: string,
): Promise<string> {
  expect(engines, 'an engine was ready before the question').to.deep.equal([]);
  await type(el, question);
  expect(input(el).value, 'the question left the box').to.equal('');
  expect(messageTexts(el).at(-2)).to.equal(question);
  await waitUntil(() => engines.length > 0 && !isGenerating(el), 'the waiting question was never answered', {
    timeout: MODEL_TIMEOUT,
  });
  await el.updateComplete;
  return messageTexts(el).at(-1)!;
}

/**
 * Runs `action` once, the moment a reply's first words are in the DOM (the micro twin answers in a blink, so
 * polling would come too late). Returns a function that stops watching.
 */
export function onFirstWords(el: TwinChat, action: () => void): () => void {
  let done = false;
  const observer = new MutationObserver(() => {
    if (!done && isGenerating(el) && (messageTexts(el).at(-1) ?? '').length > 0) {
      done = true;
      action();
    }
  });
  observer.observe(part(el, 'log')!, { subtree: true, childList: true, characterData: true });
  return () => observer.disconnect();
}

/** Requests the server received for model files and ORT wasm files since the last reset, by path. */
export function assetRequests(reset = false): Promise<Record<string, number>> {
  return executeServerCommand('asset-requests', { reset }) as Promise<Record<string, number>>;
}

/** The model-file part of assetRequests(). */
export async function modelRequests(reset = false): Promise<Record<string, number>> {
  const all = await assetRequests(reset);
  return Object.fromEntries(Object.entries(all).filter(([path]) => !path.includes('/ort-wasm-')));
}

/** Which ORT wasm files were requested (by file name) since the last reset. */
export async function ortFilesRequested(reset = false): Promise<string[]> {
  const all = await assetRequests(reset);
  return Object.keys(all)
    .filter((path) => path.includes('/ort-wasm-'))
    .map((path) => path.split('/').pop()!)
    .sort();
}

/** Empties the model cache so a test starts with a cold download. */
export async function clearModelCache(): Promise<void> {
  await caches.delete(MODEL_CACHE_NAME);
}

/** The baked answer for a question, as the chat shows it (without its TOOL line). */
export async function bakedAnswer(question: string): Promise<string> {
  const manifest = await (await fetch('/models/ada-twin/twin.json')).json();
  const entry = manifest.knowledge.find((item: { q: string[] }) => item.q.includes(question));
  return entry.a.replace(/\nTOOL .*$/, '');
}

/** Mocha's suite context, as much of it as the model tests use (`this.timeout(ms)` in a describe body). */
export interface SuiteContext {
  timeout(ms: number): void;
}
