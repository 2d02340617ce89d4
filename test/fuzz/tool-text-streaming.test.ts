import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { finishReply } from '../../src/conversation/finish-reply.js';
import type { TwinManifest } from '../../src/models/manifest.js';
import { stripToolLines, visibleWhileStreaming } from '../../src/tools/tool-line.js';
import { TokenStreamer } from '../../src/worker/token-streamer.js';
import { FUZZ, RUNS, reportCases } from './arbitraries.js';
import type { SuiteContext } from '../engines/model-helpers.js';

/** The committed demo twin: its notes are the prose, its tools the calls, its tokenizer the piece boundaries. */
const TWIN = '/models/ada-twin/';
const manifest = (await (await fetch(`${TWIN}twin.json`)).json()) as TwinManifest;
const [tokenizerJson, tokenizerConfig] = await Promise.all(
  ['tokenizer.json', 'tokenizer_config.json'].map(async (file) => (await fetch(`${TWIN}${file}`)).json()),
);
const tokenizer = new (PreTrainedTokenizer as unknown as new (json: unknown, config: unknown) => PreTrainedTokenizer)(
  tokenizerJson,
  tokenizerConfig,
);

/** Sentences of the person's notes, with nothing in them that TOOL text is made of, so the oracle can tell. */
const sentences = manifest.knowledge
  .flatMap((note) => stripToolLines(note.a).split(/(?<=[.!?])\s+/))
  .map((sentence) => sentence.replace(/["{}]/g, '').replace(/\bTOOL\b/g, 'tool'))
  .filter((sentence) => sentence.trim());

const toolLines = manifest.tools.map((tool) => `TOOL ${JSON.stringify({ app: tool.app, params: {} })}`);

/** What TOOL text is made of; prose here has none of it. */
const TOOL_TEXT = /[{}"]|\bTOOL\b/;

/** How a twin ends a reply: well, or with a TOOL line broken the ways small twins break them. */
const endings = ['valid', 'same line', 'headless', 'headless, same line', 'cut short', 'none'] as const;

interface Reply {
  prose: string;
  line: string;
  ending: (typeof endings)[number];
  cut: number;
}

const reply: fc.Arbitrary<Reply> = fc.record({
  prose: fc.array(fc.constantFrom(...sentences), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(' ')),
  line: fc.constantFrom(...toolLines),
  ending: fc.constantFrom(...endings),
  cut: fc.nat(),
});

function rawReply({ prose, line, ending, cut }: Reply): string {
  const at = 1 + (cut % (line.length - 1)); // inside the line: never all of it, never none
  const [head, tail] = [line.slice(0, at), line.slice(at)];
  switch (ending) {
    case 'valid':
      return `${prose}\n${line}`;
    case 'same line':
      return `${prose} ${line}`;
    case 'headless':
      return `${prose}\n${tail}`;
    case 'headless, same line':
      return `${prose}${tail}`;
    case 'cut short':
      return `${prose}\n${head}`;
    case 'none':
      return prose;
  }
}

/** The reply as the engine worker streams it: the real tokenizer's ids, decoded as TokenStreamer shows them. */
function pieces(raw: string): string[] {
  const shown: string[] = [];
  const streamer = new TokenStreamer(tokenizer, (piece) => shown.push(piece));
  streamer.put([[0n]]); // the prompt, which generate() passes first
  for (const id of tokenizer.encode(raw, { add_special_tokens: false })) streamer.add([id]);
  streamer.end();
  return shown;
}

describe('fuzz: TOOL text never reaches a bubble while a reply streams', function (this: SuiteContext) {
  this.timeout(240000);

  it(`streams ${RUNS} replies with broken TOOL lines, piece by piece, and never shows TOOL text`, () => {
    let cases = 0;
    let moments = 0;
    const byEnding = Object.fromEntries(endings.map((ending) => [ending, 0]));
    fc.assert(
      fc.property(reply, (generated) => {
        cases++;
        byEnding[generated.ending]!++;
        const raw = rawReply(generated);
        // The prose as the tokenizer gives it back (its clean-up drops a space before some punctuation).
        const prose = tokenizer.decode(tokenizer.encode(generated.prose, { add_special_tokens: false }), {
          skip_special_tokens: true,
        });
        let streamed = '';
        for (const piece of pieces(raw)) {
          streamed += piece;
          moments++;
          const visible = visibleWhileStreaming(streamed);
          expect(TOOL_TEXT.test(visible), `shown while streaming ${JSON.stringify(visible)}`).to.equal(false);
          expect(prose.startsWith(visible) || visible.startsWith(prose), `not the prose: ${JSON.stringify(visible)}`).to
            .be.true;
        }
        const { text } = finishReply(streamed, 'Tell me something', manifest);
        expect(TOOL_TEXT.test(text), `shown when finished ${JSON.stringify(text)}`).to.equal(false);
        expect(text.startsWith(prose), `prose lost: ${JSON.stringify(text)}`).to.equal(true);
      }),
      FUZZ,
    );
    reportCases(
      `streamed replies (${moments} moments)`,
      cases,
      Object.fromEntries(endings.map((ending) => [ending, { count: byEnding[ending]!, atLeast: 0.1 }])),
    );
  });
});
