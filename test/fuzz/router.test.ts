import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { routeQuestion } from '../../src/tools/router.js';
import { findTool, paramProblem } from '../../src/tools/tool-spec.js';
import type { AppsData } from '../../src/models/apps-data.js';
import { fixtureApps, fixtureManifest } from '../unit/fixtures/twin-fixture.js';
import { FUZZ, RUNS, hostileLine, payloads, question, reportCases } from './arbitraries.js';
import type { SuiteContext } from '../engines/model-helpers.js';

const tools = fixtureManifest.tools;

/**
 * App data as a page may serve it: the loader checks only its outline (projects is a list), so entries and their
 * tags can be anything JSON holds.
 */
const apps: fc.Arbitrary<AppsData> = fc.oneof(
  fc.constant(fixtureApps),
  fc
    .array(
      fc.oneof(
        fc.record({
          tags: fc.array(
            fc.oneof(hostileLine, fc.constantFrom(...payloads, 'c++', 'node.js', '(', '\\'), fc.jsonValue()),
            { maxLength: 5 },
          ),
        }),
        fc.record({ tags: fc.jsonValue() }),
        fc.jsonValue(),
      ),
      { maxLength: 6 },
    )
    .map((projects) => ({ projects }) as unknown as AppsData),
);

describe('fuzz: the keyword router', function (this: SuiteContext) {
  // 10,000 cases each, some of them huge strings, on 2 shared cores.
  this.timeout(240000);

  it(`routes ${RUNS} hostile questions over hostile app data to an allowed call or none, the same every time`, () => {
    let cases = 0;
    let routed = 0;
    fc.assert(
      fc.property(question, apps, (asked, data) => {
        cases++;
        const call = routeQuestion(asked, tools, data);
        expect(routeQuestion(asked, tools, data)).to.deep.equal(call);
        if (!call) return;
        routed++;
        const spec = findTool(tools, call.app);
        expect(spec, `app ${call.app}`).to.not.equal(undefined);
        expect(call.source).to.equal('router');
        for (const [name, value] of Object.entries(call.params))
          expect(paramProblem(spec!, name, value)).to.equal(null);
      }),
      FUZZ,
    );
    reportCases('keyword router (routeQuestion)', cases, { 'a call': { count: routed, atLeast: 0.2 } });
  });
});
