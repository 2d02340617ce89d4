import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { ToolSpec } from '../../src/models/manifest.js';
import { fixtureManifest } from '../unit/fixtures/twin-fixture.js';
import { hostilePayloads } from '../security/hostile.js';

/** The issue's floor: every fuzz target runs this many generated cases. */
export const RUNS = 10000;
/**
 * Every run's seed: fixed, so that a run (and a failure) repeats exactly, and printed with each target's figures.
 * Change it to explore other cases.
 */
export const SEED = 20260519;
/** fast-check's parameters for every target. */
export const FUZZ = { numRuns: RUNS, seed: SEED };

/** The payload fixture, loaded once: generators mix its XSS payloads into everything they make. */
export const payloads = await hostilePayloads();

const appNames = fixtureManifest.tools.map((tool) => tool.app);

/** A value a tool accepts for a param of this kind: one of its listed values, or any string. */
function paramValue(kind: ToolSpec['params'][string]): fc.Arbitrary<string> {
  return Array.isArray(kind) ? fc.constantFrom(...kind) : fc.oneof(fc.string(), fc.constantFrom(...payloads));
}

/** A call the fixture manifest allows: a known app with some of its own params, each with a value that fits. */
const allowedCall = fc.constantFrom(...fixtureManifest.tools).chain((tool) => {
  const params = Object.fromEntries(Object.entries(tool.params).map(([name, kind]) => [name, paramValue(kind)]));
  return fc.record({ app: fc.constant(tool.app), params: fc.record(params, { requiredKeys: [] }) });
});

/** A projects call with `value` as one of its params. */
const projectsWith = (name: string, value: fc.Arbitrary<unknown>) =>
  fc.tuple(allowedCall, value).map(([call, bad]) => ({ app: 'projects', params: { ...call.params, [name]: bad } }));

/**
 * An allowed call with one thing made wrong, which the parser must drop it for. (A random name can, rarely,
 * happen to be a real one.)
 */
const nearlyAllowedCall = fc.oneof(
  // An app the manifest does not have.
  fc
    .tuple(
      allowedCall,
      fc.oneof(fc.constantFrom('__proto__', 'constructor', '', 'Books'), fc.string(), fc.constantFrom(...payloads)),
    )
    .map(([call, app]) => ({ ...call, app })),
  // A param the app does not have.
  fc
    .tuple(
      allowedCall,
      fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'tags'), fc.string({ minLength: 1 })),
      fc.string(),
    )
    .map(([call, name, value]) => ({ ...call, params: { ...call.params, [name]: value } })),
  // A value outside the param's list, or not a string.
  projectsWith(
    'category',
    fc.oneof(fc.constantFrom('rust', 'OSS', ''), fc.integer(), fc.constant(null), fc.jsonValue()),
  ),
  projectsWith('tag', fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string()), fc.constant(null))),
  // A field besides app and params, or params that are not an object.
  fc.tuple(allowedCall, fc.jsonValue()).map(([call, extra]) => ({ ...call, extra })),
  fc
    .tuple(allowedCall, fc.oneof(fc.array(fc.jsonValue()), fc.string(), fc.integer()))
    .map(([call, params]) => ({ ...call, params })),
);

/** Anything JSON with the fields a call has: real and unknown apps and params, any values. */
const callShapedJson = fc.record(
  {
    app: fc.oneof(
      fc.constantFrom(...appNames, '__proto__', 'constructor', ''),
      fc.string(),
      fc.constantFrom(...payloads),
    ),
    params: fc.oneof(
      fc.dictionary(
        fc.oneof(fc.constantFrom('tag', 'category', '__proto__', 'constructor', 'toString'), fc.string()),
        fc.oneof(
          fc.constantFrom('oss', 'professional', 'rust'),
          fc.string(),
          fc.constantFrom(...payloads),
          fc.jsonValue(),
        ),
      ),
      fc.jsonValue(),
    ),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

/** The JSON of a TOOL line: allowed calls, calls with one thing wrong, and anything else shaped like a call. */
const toolJson = fc
  .oneof(
    { arbitrary: allowedCall, weight: 2 },
    { arbitrary: nearlyAllowedCall, weight: 2 },
    { arbitrary: callShapedJson, weight: 1 },
  )
  .map((call) => JSON.stringify(call));

/** Lines that are, or nearly are, TOOL lines: `TOOL {json}`, `TOOL: x`, `  TOOL`, `TOOLS`, `tool {…}`, `TOO`. */
export const toolLike = fc
  .tuple(
    fc.constantFrom('', ' ', '\t', '  \u00a0'),
    fc.constantFrom('TOOL', 'TOOL ', 'TOOL:', 'TOOL\t', 'TOOLS ', 'tool ', 'TOO', 'T', 'TOOL_', 'TOOLé '),
    fc.oneof(toolJson, fc.json(), fc.string(), fc.constantFrom(...payloads), fc.constant('')),
  )
  .map((parts) => parts.join(''));

/** One line of hostile text: any unicode, lone surrogates, payloads, TOOL-like lines, JSON, now and then huge. */
export const hostileLine = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 2 },
  { arbitrary: fc.constantFrom(...payloads), weight: 3 },
  { arbitrary: toolLike, weight: 3 },
  { arbitrary: fc.json({ maxDepth: 3 }), weight: 1 },
  { arbitrary: fc.lorem({ maxCount: 12 }), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), fc.integer({ min: 200, max: 3000 }))
      .map(([piece, times]) => piece.repeat(times)),
    weight: 1,
  },
);

/** Hostile multi-line text: what a model may answer, or a visitor may type. */
export const hostileText = fc
  .array(hostileLine, { maxLength: 6 })
  .chain((lines) => fc.constantFrom('\n', '\r\n', '\n\n', ' ').map((separator) => lines.join(separator)));

/**
 * A model's reply: hostile text, or hostile text ending with a TOOL line whose JSON is an allowed call, one with a
 * single thing wrong, or anything shaped like a call. A TOOL line left to chance (a random last line) holds an
 * allowed call about twice in 10,000 cases, too rarely for the validation to be tested at all.
 */
export const hostileReply = fc.oneof(
  hostileText,
  fc
    .tuple(hostileText, fc.constantFrom('TOOL ', 'TOOL', ' TOOL\t'), toolJson, fc.constantFrom('', '\n', ' \r\n'))
    .map(([prose, word, json, end]) => `${prose}\n${word}${json}${end}`),
);

/** A question: ordinary words the router and retrieval know, mixed with hostile lines. */
export const question = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'show',
          'me',
          'your',
          'projects',
          'books',
          'rust',
          'where',
          'do',
          'you',
          'live',
          'open source',
          'talks',
          'email',
          'now',
          'Ada',
          'hi',
        ),
        hostileLine,
      ),
      { maxLength: 8 },
    )
    .map((words) => words.join(' ')),
  hostileText,
);

/** How often the cases reached one branch of the code under test, and the share below which the run fails. */
export interface Reached {
  count: number;
  atLeast: number;
}

/**
 * Prints a target's figures: cases run with no throw (fc.assert fails on the first), the seed, and the share of
 * cases that reached each branch; fails where a branch was reached by fewer than its stated share, since a check
 * on a branch the generators seldom reach holds only by chance.
 */
export function reportCases(target: string, cases: number, reached: Record<string, Reached> = {}): void {
  const shares = Object.entries(reached).map(
    ([branch, { count }]) => `${branch} ${((100 * count) / cases).toFixed(1)}%`,
  );
  console.log(
    `[fuzz] ${target}: ${cases} cases, seed ${SEED}, 0 throws${shares.length ? `; cases reaching ${shares.join(', ')}` : ''}`,
  );
  for (const [branch, { count, atLeast }] of Object.entries(reached)) {
    expect(count / cases, `share of cases reaching: ${branch}`).to.be.at.least(atLeast);
  }
}
