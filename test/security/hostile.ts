import { expect } from '@open-wc/testing';
import type { RegistryEntry, TwinManifest } from '../../src/models/manifest.js';

/**
 * The hostile-content harness: the XSS payload fixture, a canary that every payload tries to call, recorders in
 * place of the dialog functions, and a walk of the rendered tree for anything markup could have created.
 */

declare global {
  interface Window {
    /** The canary: every payload in the fixture tries to call it with its own index. */
    __xss?: (id: unknown) => void;
  }
}

export const PAYLOAD_FIXTURE = '/test/security/fixtures/xss-payloads.json';
/** waitUntil's options for a load or a card: generous, because the build machine's 2 cores are shared. */
export const SLOW = { timeout: 10000 };

/** The floor for the number of payloads pushed through each path. */
export const MIN_PAYLOADS = 200;

export interface PayloadFixture {
  sources: string[];
  payloads: { payload: string; source: string }[];
}

export async function hostilePayloads(): Promise<string[]> {
  const fixture = (await (await fetch(PAYLOAD_FIXTURE)).json()) as PayloadFixture;
  return fixture.payloads.map((entry) => entry.payload);
}

/** What a payload can do when it runs: call the canary, or open a dialog (alert, confirm, prompt, print, a window). */
const DIALOG_FUNCTIONS = ['alert', 'confirm', 'prompt', 'print', 'open'] as const;

/**
 * Records every script execution a payload manages: canary calls and dialog calls (stubbed, so a dialog would
 * not block the test). Page-level `dialog` events belong to the test runner's browser driver, out of a test
 * page's reach, so the stubs stand in for them.
 */
export class ExecutionWatch {
  readonly executions: string[] = [];
  readonly #originals = new Map<string, unknown>();

  install(): this {
    window.__xss = (id) => this.executions.push(`canary ${String(id)}`);
    for (const name of DIALOG_FUNCTIONS) {
      this.#originals.set(name, window[name]);
      (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        this.executions.push(`${name}(${args.map(String).join(', ')})`);
        return null;
      };
    }
    return this;
  }

  restore(): void {
    delete window.__xss;
    for (const [name, original] of this.#originals) (window as unknown as Record<string, unknown>)[name] = original;
  }
}

/** The tags <twin-chat> and its built-in cards render; anything else in the tree came from data. */
const EXPECTED_TAGS = new Set([
  'a',
  'article',
  'button',
  'cite',
  'div',
  'label',
  'li',
  'option',
  'p',
  'path',
  'progress',
  'section',
  'select',
  'slot',
  'span',
  'svg',
  'textarea',
  'time',
  'ul',
]);
/** Attributes that load or navigate to a URL. */
const URL_ATTRIBUTES = new Set([
  'href',
  'xlink:href',
  'src',
  'srcset',
  'action',
  'formaction',
  'data',
  'poster',
  'background',
  'code',
  'codebase',
  'dynsrc',
  'lowsrc',
]);
const LINKABLE = new Set(['http:', 'https:', 'mailto:']);

/** The scheme a URL attribute's value resolves to, as the browser would follow it. */
function schemeOf(value: string): string {
  try {
    return new URL(value, document.baseURI).protocol;
  } catch {
    return 'unparseable';
  }
}

function* elementsUnder(root: ParentNode): Generator<Element> {
  for (const element of root.querySelectorAll('*')) {
    yield element;
    if (element.shadowRoot) yield* elementsUnder(element.shadowRoot);
  }
}

/** What each test of a hostile-input suite starts from: the payloads, and a watch for script run from them. */
export interface HostileFixtures {
  watch: ExecutionWatch;
  payloads: string[];
}

/** Call at the top of a describe(): fresh fixtures before each test, the watch restored after it. */
export function hostileFixtures(): HostileFixtures {
  const fixtures = {} as HostileFixtures;
  beforeEach(async () => {
    fixtures.watch = new ExecutionWatch().install();
    fixtures.payloads = await hostilePayloads();
  });
  afterEach(() => fixtures.watch.restore());
  return fixtures;
}

/** Everything in the trees under `roots` (shadow roots included) that data could only have put there as markup. */
export function injectedMarkup(roots: readonly ParentNode[]): string[] {
  const problems: string[] = [];
  for (const root of roots) {
    for (const element of elementsUnder(root)) {
      const tag = element.localName;
      if (!EXPECTED_TAGS.has(tag) && tag !== 'twin-chat') problems.push(`<${tag}> element`);
      for (const { name, value } of element.attributes) {
        if (name.startsWith('on')) problems.push(`${name} attribute on <${tag}>`);
        if (name === 'srcdoc') problems.push(`srcdoc attribute on <${tag}>`);
        if (URL_ATTRIBUTES.has(name) && !LINKABLE.has(schemeOf(value))) {
          problems.push(`${name}="${value}" on <${tag}>`);
        }
        if (name === 'style' && /javascript:|expression\s*\(|url\s*\(/i.test(value))
          problems.push(`style="${value}" on <${tag}>`);
      }
    }
  }
  return problems;
}

/** The chat's shadow tree and its light-DOM children (the cards). */
export function chatTrees(el: HTMLElement): ParentNode[] {
  return [el.shadowRoot!, el];
}

/** Time for anything a payload could have set off to happen: an image's onerror, autofocus, an animation. */
export async function settle(): Promise<void> {
  await new Promise(requestAnimationFrame);
  await new Promise((resolve) => setTimeout(resolve, 150));
}

/** Prints the figures the issue asks for and holds them to its bar: every payload tried, none executed. */
export function reportPayloads(path: string, tried: number, watch: ExecutionWatch): void {
  console.log(`[hostile input] ${path}: payloads tried ${tried}, script executions ${watch.executions.length}`);
  expect(watch.executions, `executions via ${path}`).to.deep.equal([]);
  expect(tried, `payloads tried via ${path}`).to.be.at.least(MIN_PAYLOADS);
}

/** The committed test twin's manifest, as a starting point for hostile ones. */
export async function testTwinManifest(): Promise<TwinManifest> {
  return (await (await fetch('/test/fixtures/twins/test-twin/twin.json')).json()) as TwinManifest;
}

/**
 * Serves a JSON document from a blob: URL, so each test builds its hostile registry, manifest or app data in
 * place instead of committing hundreds of fixture files. The element fetches it like any other URL.
 */
export function jsonUrl(document: unknown): string {
  return URL.createObjectURL(new Blob([JSON.stringify(document)], { type: 'application/json' }));
}

/** A registry of the given manifests, each served from its own blob: URL. */
export function registryOf(twins: readonly { id: string; manifest: TwinManifest | string }[]): string {
  const entries: RegistryEntry[] = twins.map(({ id, manifest }) => ({
    id,
    manifest: typeof manifest === 'string' ? manifest : jsonUrl(manifest),
  }));
  return jsonUrl(entries);
}

/** Splits a list into runs of `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += size) runs.push(items.slice(start, start + size));
  return runs;
}

/**
 * A distinct word per index below 1000 ("kbbb", "kbbc", …): one consonant per decimal digit, with no letter
 * the retrieval's stemmer strips (s, e, -ly…), so each question finds exactly its own answer.
 */
export function label(index: number): string {
  return `k${String(index)
    .padStart(3, '0')
    .replace(/\d/g, (digit) => 'bcdfghjkmn'[Number(digit)]!)}`;
}
