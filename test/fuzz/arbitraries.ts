import fc from 'fast-check';
import { fixtureManifest } from '../unit/fixtures/twin-fixture.js';
import { hostilePayloads } from '../security/hostile.js';

/** The floor: every fuzz target runs this many generated cases. */
export const RUNS = 10000;

/** The payload fixture, loaded once: generators mix its XSS payloads into everything they make. */
export const payloads = await hostilePayloads();

const appNames = fixtureManifest.tools.map((tool) => tool.app);

/** A JSON object that could be a TOOL call: real and unknown apps, real and unknown params, any values. */
const toolJson = fc
  .record(
    {
      app: fc.oneof(fc.constantFrom(...appNames, '__proto__', 'constructor', ''), fc.string(), fc.constantFrom(...payloads)),
      params: fc.oneof(
        fc.dictionary(
          fc.oneof(fc.constantFrom('tag', 'category', '__proto__', 'constructor', 'toString'), fc.string()),
          fc.oneof(fc.constantFrom('oss', 'professional', 'rust'), fc.string(), fc.constantFrom(...payloads), fc.jsonValue()),
        ),
        fc.jsonValue(),
      ),
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
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
    arbitrary: fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), fc.integer({ min: 200, max: 3000 })).map(([piece, times]) => piece.repeat(times)),
    weight: 1,
  },
);

/** Hostile multi-line text: what a model may answer, or a visitor may type. */
export const hostileText = fc.array(hostileLine, { maxLength: 6 }).chain((lines) =>
  fc.constantFrom('\n', '\r\n', '\n\n', ' ').map((separator) => lines.join(separator)),
);

/** A question: ordinary words the router and retrieval know, mixed with hostile lines. */
export const question = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom('show', 'me', 'your', 'projects', 'books', 'rust', 'where', 'do', 'you', 'live', 'open source', 'talks', 'email', 'now', 'Ada', 'hi'), hostileLine), { maxLength: 8 }).map((words) => words.join(' ')),
  hostileText,
);

/** Prints the figure the issue asks for: cases run per target, with no throw (fc.assert fails on the first). */
export function reportCases(target: string, cases: number): void {
  console.log(`[fuzz] ${target}: ${cases} cases, 0 throws`);
}
