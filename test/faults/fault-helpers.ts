import { expect, waitUntil } from '@open-wc/testing';
import type { TwinChat } from '../../src/index.js';
import { MODEL_CACHE_NAME } from '../../src/worker/model-fetch.js';
import { input, messageTexts, noticeTexts, part, type } from '../element/helpers.js';

/** Twins whose files come through the misbehaving prefixes of test/support/slow-model-files.mjs. */
export const FAULT_FIXTURES = '/test/faults/fixtures/registry.json';
/** The micro twin's q8 weights, the file the WASM rung downloads. */
export const Q8_WEIGHTS = '/models/ada-twin/onnx/model_quantized.onnx';

/** Sends a question while the twin still loads: it shows at once, waiting for the twin, and leaves the box. */
export async function typeWhileLoading(el: TwinChat, question: string): Promise<void> {
  await type(el, question);
  expect(input(el).value).to.equal('');
  expect(messageTexts(el)).to.include(question);
  expect(part(el, 'waiting')).to.not.equal(null);
}

/** Sends a question after the twin failed to load: it must stay in the box, with a notice saying so. */
export async function typeWhileNotReady(el: TwinChat, question: string): Promise<void> {
  await type(el, question);
  expect(input(el).value).to.equal(question);
  expect(noticeTexts(el).join(' ')).to.contain('your text is still in the box');
}

/** The visitor's question is still in the log as their own bubble. */
export function expectQuestionKept(el: TwinChat, question: string): void {
  expect(messageTexts(el)).to.include(question);
}

/** Waits for a notice whose text matches `pattern`; returns every notice text. */
export async function noticeMatching(el: TwinChat, pattern: RegExp, timeout = 60000): Promise<string> {
  await waitUntil(() => noticeTexts(el).some((text) => pattern.test(text)), `no notice matching ${pattern}`, {
    timeout,
  });
  return noticeTexts(el).find((text) => pattern.test(text))!;
}

/** SHA-256 (hex) of what the model cache holds for `path`, or undefined when nothing is cached. */
export async function cachedSha256(path: string): Promise<string | undefined> {
  const cached = await (await caches.open(MODEL_CACHE_NAME)).match(new URL(path, location.href).href);
  if (!cached) return undefined;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await cached.arrayBuffer()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The micro twin manifest's SHA-256 for a file of its build. */
export async function manifestSha256(file: string): Promise<string> {
  const manifest = await (await fetch('/models/ada-twin/twin.json')).json();
  return manifest.builds.onnx.sha256[file];
}
