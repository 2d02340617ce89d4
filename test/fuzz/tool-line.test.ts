import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { finishReply } from '../../src/conversation/finish-reply.js';
import { parseReply, stripToolLines, visibleWhileStreaming } from '../../src/tools/tool-line.js';
import { findTool, paramProblem } from '../../src/tools/tool-spec.js';
import type { ToolCall } from '../../src/tools/tool-call.js';
import { fixtureApps, fixtureManifest } from '../unit/fixtures/twin-fixture.js';
import { FUZZ, RUNS, hostileReply, question, reportCases } from './arbitraries.js';
import type { SuiteContext } from '../engines/model-helpers.js';

const tools = fixtureManifest.tools;

/** Whether any line of `text` is a TOOL line as the parser sees one ("TOOL" as a whole word at its start). */
function hasToolLine(text: string): boolean {
  return text.split('\n').some((line) => /^\s*TOOL(?![\p{L}\p{N}_])/u.test(line));
}

/** A call is only ever one the manifest allows: a known app, known params, string values that fit. */
function expectAllowed(call: ToolCall | null): void {
  if (!call) return;
  const spec = findTool(tools, call.app);
  expect(spec, `app ${call.app}`).to.not.equal(undefined);
  expect(Object.getPrototypeOf(call.params)).to.equal(Object.prototype);
  for (const [name, value] of Object.entries(call.params)) expect(paramProblem(spec!, name, value)).to.equal(null);
}

describe('fuzz: the TOOL parser and the finished reply', function (this: SuiteContext) {
  // 10,000 cases each, some of them huge strings, on 2 shared cores.
  this.timeout(240000);

  it(`parses ${RUNS} hostile replies, cut anywhere while streaming, and never shows a TOOL line`, () => {
    let cases = 0;
    let allowed = 0;
    let dropped = 0;
    fc.assert(
      fc.property(hostileReply, fc.nat(), (raw, cut) => {
        cases++;
        const parsed = parseReply(raw, tools);
        expectAllowed(parsed.call);
        if (parsed.call) allowed++;
        if (parsed.dropped) dropped++;
        expect(raw.trimEnd().startsWith(parsed.text)).to.equal(true);
        expect(hasToolLine(stripToolLines(raw))).to.equal(false);
        const streamed = visibleWhileStreaming(raw.slice(0, cut % (raw.length + 1)));
        expect(hasToolLine(streamed), 'streamed text').to.equal(false);
      }),
      FUZZ,
    );
    reportCases('TOOL parser (parseReply, visibleWhileStreaming, stripToolLines)', cases, {
      'an allowed call': { count: allowed, atLeast: 0.1 },
      'a dropped call': { count: dropped, atLeast: 0.1 },
    });
  });

  it(`finishes ${RUNS} hostile replies to hostile questions without a TOOL line in the text shown`, () => {
    let cases = 0;
    const calls = { model: 0, router: 0 };
    fc.assert(
      fc.property(hostileReply, question, (raw, asked) => {
        cases++;
        const reply = finishReply(raw, asked, fixtureManifest, fixtureApps);
        expectAllowed(reply.call);
        if (reply.call) calls[reply.call.source]++;
        expect(hasToolLine(reply.text), 'text shown').to.equal(false);
      }),
      FUZZ,
    );
    reportCases('finished reply (finishReply: parser, router, scripted fallback)', cases, {
      "the model's call": { count: calls.model, atLeast: 0.1 },
      "the router's call": { count: calls.router, atLeast: 0.1 },
    });
  });
});
