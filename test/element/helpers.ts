import { fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/index.js';
import type { TwinChat } from '../../src/index.js';

/** The fixture registry: two good twins, served by web-test-runner from the repo root. */
export const REGISTRY = '/test/fixtures/twins/registry.json';
export const BROKEN_REGISTRY = '/test/fixtures/twins/broken-registry.json';
export const GREETING = "Hi, I'm Testa's twin. Ask me anything.";

/** A chat on the fixture registry (or the given template), waited on until its engine has loaded. */
export async function readyChat(template?: TemplateResult): Promise<TwinChat> {
  const el = await fixture<TwinChat>(template ?? html`<twin-chat registry=${REGISTRY}></twin-chat>`);
  await engineLoaded(el);
  return el;
}

/** Resolves once loading is over (the progress bar gone) and the greeting is in the log. */
export async function engineLoaded(el: TwinChat): Promise<void> {
  await waitUntil(() => !part(el, 'progress') && messageTexts(el).length > 0, 'the twin never loaded');
}

export function part(el: TwinChat, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector(`[part~="${name}"]`);
}

export function parts(el: TwinChat, name: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
}

export function input(el: TwinChat): HTMLTextAreaElement {
  return part(el, 'input') as HTMLTextAreaElement;
}

/** The text of each bubble, speaker label left out. */
export function messageTexts(el: TwinChat): string[] {
  return parts(el, 'message').map(bubbleText);
}

/** The text of each bubble one speaker said. */
export function textsBy(el: TwinChat, role: 'user' | 'twin'): string[] {
  return parts(el, 'message')
    .filter((bubble) => bubble.part.contains(role))
    .map(bubbleText);
}

function bubbleText(bubble: HTMLElement): string {
  return bubble.querySelector('.text')!.textContent ?? '';
}

export function noticeTexts(el: TwinChat): string[] {
  return parts(el, 'notice').map((notice) => notice.querySelector('span')!.textContent ?? '');
}

export function isGenerating(el: TwinChat): boolean {
  return part(el, 'log')!.getAttribute('aria-busy') === 'true';
}

/** Types a question and sends it with the Send button, without waiting for the reply. */
export async function type(el: TwinChat, text: string): Promise<void> {
  input(el).value = text;
  part(el, 'send')!.click();
  await el.updateComplete;
}

/** Asks a question and waits until the reply has finished streaming. */
export async function ask(el: TwinChat, text: string): Promise<void> {
  await type(el, text);
  await waitUntil(() => !isGenerating(el), 'reply never finished', { timeout: 10000 });
  await el.updateComplete;
}

export function pressKey(target: HTMLElement, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

/** Collects every event of one type the chat dispatches, checking bubbles and composed on each. */
export function record<T>(el: HTMLElement, type: string): CustomEvent<T>[] {
  const seen: CustomEvent<T>[] = [];
  el.addEventListener(type, (event) => seen.push(event as CustomEvent<T>));
  return seen;
}

/**
 * Records the URL of every fetch the page makes until `restore` is called. (Resource timing would do too, but
 * its buffer fills up with the test runner's own module requests.)
 */
export function spyOnFetch(): { urls: URL[]; restore: () => void } {
  const original = window.fetch;
  const urls: URL[] = [];
  window.fetch = (resource: RequestInfo | URL, init?: RequestInit) => {
    const href = resource instanceof Request ? resource.url : String(resource);
    urls.push(new URL(href, document.baseURI));
    return original.call(window, resource, init);
  };
  return { urls, restore: () => (window.fetch = original) };
}
