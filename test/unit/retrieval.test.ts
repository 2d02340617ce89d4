import { expect } from '@open-wc/testing';
import type { KnowledgeEntry } from '../../src/models/manifest.js';
import { findBestMatch, MATCH_THRESHOLD } from '../../src/knowledge/retrieval.js';
import { fixtureManifest } from './fixtures/twin-fixture.js';

const knowledge = fixtureManifest.knowledge;
const answerTo = (question: string) => findBestMatch(question, knowledge)?.entry.a ?? null;

describe('findBestMatch', () => {
  it('finds a stored question exactly, with score 1', () => {
    const match = findBestMatch('Where do you live?', knowledge);
    expect(match?.entry).to.equal(knowledge[1]);
    expect(match?.score).to.be.closeTo(1, 1e-9);
  });

  it('ignores case and punctuation', () => {
    expect(answerTo('WHERE DO YOU LIVE')).to.equal(knowledge[1]!.a);
  });

  const paraphrases: [string, number][] = [
    ['Which city do you live in?', 1],
    ['what is your job', 0],
    ['What books are you reading?', 2],
    ['Do you have any pets?', 4],
    ['How do I contact you?', 6],
    ['Tell me your email', 6],
    ['Which programming language is your favorite?', 5],
    ['where did you grow up as a kid', 7],
  ];
  for (const [question, index] of paraphrases) {
    it(`matches a paraphrase: ${JSON.stringify(question)}`, () => {
      expect(answerTo(question)).to.equal(knowledge[index]!.a);
    });
  }

  const typos: [string, number][] = [
    ['wher do you liev?', 1],
    ['whats your favourite programing langauge', 5],
    ['do you hvae a cat', 4],
    ['what is your emial adress', 6],
  ];
  for (const [question, index] of typos) {
    it(`copes with typos: ${JSON.stringify(question)}`, () => {
      expect(answerTo(question)).to.equal(knowledge[index]!.a);
    });
  }

  const unrelated = [
    "What's your favourite pizza topping?",
    'How do magnets work?',
    'Do you play chess?',
    'Have you ever been to Japan?',
    'What is the capital of France?',
    '',
    '??',
  ];
  for (const question of unrelated) {
    it(`returns null for an unrelated question: ${JSON.stringify(question)}`, () => {
      expect(findBestMatch(question, knowledge)).to.equal(null);
    });
  }

  it('only returns matches at or above MATCH_THRESHOLD, scored in [0, 1]', () => {
    for (const question of ['Which city do you live in?', 'Do you have any pets?', 'wher do you liev?']) {
      const score = findBestMatch(question, knowledge)!.score;
      expect(score).to.be.at.least(MATCH_THRESHOLD).and.at.most(1);
    }
  });

  it('returns null for empty knowledge', () => {
    expect(findBestMatch('Where do you live?', [])).to.equal(null);
  });

  it('is deterministic, and the earlier entry wins a tie', () => {
    const twins: KnowledgeEntry[] = [
      { q: ['Do you like tea?'], a: 'first' },
      { q: ['Do you like tea?'], a: 'second' },
    ];
    expect(findBestMatch('do you like tea', twins)?.entry.a).to.equal('first');
    expect(findBestMatch('Which city do you live in?', knowledge)).to.deep.equal(
      findBestMatch('Which city do you live in?', knowledge),
    );
  });
});
