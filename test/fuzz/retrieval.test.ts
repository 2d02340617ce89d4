import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { MATCH_THRESHOLD, findBestMatch } from '../../src/knowledge/retrieval.js';
import { scriptedAnswer } from '../../src/engines/scripted-answer.js';
import type { KnowledgeEntry, TwinManifest } from '../../src/models/manifest.js';
import { fixtureManifest } from '../unit/fixtures/twin-fixture.js';
import { FUZZ, RUNS, hostileLine, hostileText, question, reportCases } from './arbitraries.js';
import type { SuiteContext } from '../engines/model-helpers.js';

/** Knowledge as a manifest may carry it: the fixture's, or hostile questions and answers. */
const knowledge: fc.Arbitrary<KnowledgeEntry[]> = fc.oneof(
  fc.constant(fixtureManifest.knowledge),
  fc.array(fc.record({ q: fc.array(hostileLine, { minLength: 1, maxLength: 3 }), a: hostileText }), { maxLength: 6 }),
);

/** Knowledge and a question: a hostile one, or one of the knowledge's own, so that answers are found often. */
const knowledgeAndQuestion = knowledge.chain((entries) => {
  const own = entries.flatMap((entry) => entry.q);
  return fc.tuple(fc.constant(entries), own.length > 0 ? fc.oneof(question, fc.constantFrom(...own)) : question);
});

describe('fuzz: scripted retrieval', function (this: SuiteContext) {
  // 10,000 cases each, some of them huge strings, on 2 shared cores.
  this.timeout(240000);

  it(`answers ${RUNS} hostile questions from hostile knowledge with a stored answer, the greeting or "I don't know"`, () => {
    let cases = 0;
    let matched = 0;
    fc.assert(
      fc.property(knowledgeAndQuestion, hostileLine, ([entries, asked], person) => {
        cases++;
        const match = findBestMatch(asked, entries);
        if (match) {
          matched++;
          expect(entries).to.include(match.entry);
          expect(match.score).to.be.within(MATCH_THRESHOLD, 1);
        }
        const manifest: TwinManifest = { ...fixtureManifest, person, knowledge: entries };
        const answer = scriptedAnswer(asked, manifest);
        const known = [manifest.greeting, ...entries.map((entry) => entry.a)];
        expect(known.includes(answer) || answer.startsWith("I don't know that one"), 'answer').to.equal(true);
        expect(scriptedAnswer(asked, manifest)).to.equal(answer);
      }),
      FUZZ,
    );
    reportCases('scripted retrieval (findBestMatch, scriptedAnswer)', cases, {
      'a stored answer': { count: matched, atLeast: 0.2 },
    });
  });
});
