import { executeServerCommand } from '@web/test-runner-commands';
import type { TwinChat } from '../../src/index.js';
import { MODEL_CACHE_NAME } from '../../src/worker/model-fetch.js';
import { askModel } from '../engines/model-helpers.js';
import { messageTexts, textsBy } from '../element/helpers.js';

export interface BrowserRequest {
  url: string;
  /** Playwright's resource type: 'script' for modules and workers, 'fetch' for fetch() calls. */
  type: string;
}

/**
 * Every request the browser made for this page and its workers since the last reset, whatever the origin (see
 * test/support/asset-request-log.mjs). Call with `reset` before the chat is mounted to start listening.
 */
export function browserRequests(reset = false): Promise<BrowserRequest[]> {
  return executeServerCommand('browser-requests', { reset }) as Promise<BrowserRequest[]>;
}

/**
 * The page's own code: the element's modules and their libraries, served by the test server from the repo, and the
 * fault listener that server adds to the engine worker (test/support/serve-worker-faults.mjs), which the built
 * product does not have.
 */
export function isPageCode({ url, type }: BrowserRequest): boolean {
  const { origin, pathname } = new URL(url);
  return (
    origin === location.origin &&
    type === 'script' &&
    (/^\/(src|node_modules|__web-dev-server__|__wds-)/.test(pathname) ||
      pathname === '/test/support/engine-worker-faults.js')
  );
}

/** The URLs a twin's manifest allows the engine to fetch: each file of its ONNX build, by the manifest's list. */
export async function buildFileUrls(manifestUrl: string): Promise<string[]> {
  const absolute = new URL(manifestUrl, location.href);
  const manifest = await (await fetch(absolute)).json();
  const build = new URL(manifest.builds.onnx.url, absolute);
  const folder = build.href.endsWith('/') ? build.href : `${build.href}/`;
  return Object.keys(manifest.builds.onnx.sha256).map((file) => new URL(file, folder).href);
}

/** Questions no twin has seen, each carrying a marker that can only come from this conversation. */
export function auditQuestions(count: number): string[] {
  const topics = ['your projects', 'the books you read', 'your talks', 'what you use', 'what you do now'];
  const marker = Math.random().toString(36).slice(2, 8);
  return Array.from(
    { length: count },
    (_, turn) => `Tell me about ${topics[turn % topics.length]}, please (note ${marker}-${turn}).`,
  );
}

/**
 * Holds a conversation of `questions`, each answered before the next; returns every text shown in the log after
 * the greeting. Questions are counted, not bubbles: a reply the model ends at once is empty, and the chat shows
 * no empty bubble for it.
 */
export async function holdConversation(el: TwinChat, questions: readonly string[]): Promise<string[]> {
  for (const question of questions) await askModel(el, question);
  if (textsBy(el, 'user').join('\n') !== questions.join('\n'))
    throw new Error(`expected ${questions.length} questions sent`);
  return messageTexts(el).slice(1);
}

/** The model cache's URLs. */
export async function modelCacheUrls(): Promise<string[]> {
  const cache = await caches.open(MODEL_CACHE_NAME);
  return (await cache.keys()).map((req) => req.url);
}
