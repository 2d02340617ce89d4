import { expect } from '@open-wc/testing';
import type { KnowledgeEntry } from '../../src/models/manifest.js';
import { DEFAULT_GROUNDING_THRESHOLD, groundReply, type Grounding } from '../../src/honesty/grounding.js';
import { fixtureManifest } from './fixtures/twin-fixture.js';

const knowledge = fixtureManifest.knowledge;

describe('groundReply', () => {
  it('grounds a baked answer in its own note, and shows the note without its TOOL line', () => {
    const result = groundReply('The Quiet Network by Hana Okafor.\nTOOL {"app":"books","params":{}}', knowledge);
    expect(result.grounded).to.equal(true);
    expect(result.score).to.be.closeTo(1, 1e-9);
    expect(result.source).to.deep.equal({ q: 'What are you reading?', a: 'The Quiet Network by Hana Okafor.' });
  });

  it('tolerates typos, accents and light paraphrase', () => {
    const replies = [
      'I live in Prto, near the rivr.',
      'I live in Pórto, near the river.',
      'My home is in Porto by the river.',
    ];
    for (const reply of replies) {
      const result = groundReply(reply, knowledge);
      expect(result.grounded, reply).to.equal(true);
      expect(result.source?.q, reply).to.equal('Where do you live?');
    }
  });

  it('flags a confident sentence the notes never say as improvised', () => {
    const result = groundReply('I spent last summer sailing to Iceland with my brother.', knowledge);
    expect(result.grounded).to.equal(false);
    expect(result.score).to.be.below(DEFAULT_GROUNDING_THRESHOLD);
  });

  it('flags a recited note as improvised when the question is about something else', () => {
    const note = 'I live in Porto, near the river.';
    expect(groundReply(note, knowledge, undefined, 'Where do you live?').grounded).to.equal(true);
    expect(groundReply(note, knowledge, undefined, 'Do you play chess?').grounded).to.equal(false);
  });

  it("counts neither the visitor's words said back nor a note's questions as support", () => {
    const question = 'What do you do for a living?';
    // "living" is the visitor's word, "job" only the note's question's: nothing the note answers.
    expect(groundReply('My job is my living.', knowledge, undefined, question).grounded).to.equal(false);
    expect(
      groundReply('For a living I write software at Tidewater Maps.', knowledge, undefined, question).grounded,
    ).to.equal(true);
  });

  it('never grounds an empty reply or one that is only a TOOL line, and names no note', () => {
    for (const reply of ['', '   \n', 'TOOL {"app":"projects","params":{}}']) {
      expect(groundReply(reply, knowledge)).to.deep.equal({ grounded: false, declined: false, score: 0, source: null });
    }
  });

  it('names no note when none shares a term with the reply', () => {
    expect(groundReply('Zebras quarrel.', knowledge).source).to.equal(null);
  });

  it('takes the threshold it is given', () => {
    const partly = 'I live in Porto with three horses and a yacht.';
    const { score } = groundReply(partly, knowledge);
    expect(score).to.be.within(0.2, 0.8);
    expect(groundReply(partly, knowledge, score).grounded).to.equal(true);
    expect(groundReply(partly, knowledge, score + 0.01).grounded).to.equal(false);
  });

  it('gives the same verdict every time, for a fresh copy of the knowledge too', () => {
    const reply = 'Rust, for small tools, and I live in Porto.';
    const copy: KnowledgeEntry[] = structuredClone(knowledge);
    expect(groundReply(reply, knowledge)).to.deep.equal(groundReply(reply, knowledge));
    expect(groundReply(reply, copy)).to.deep.equal(groundReply(reply, knowledge));
  });
});

interface Case {
  name: string;
  knowledge: string;
  reply: string;
  question: string;
  threshold: number | null;
  expected: Grounding;
}

interface CaseFile {
  knowledge: Record<string, KnowledgeEntry[]>;
  cases: Case[];
}

const caseFile = async () => (await (await fetch('/test/fixtures/grounding-cases.json')).json()) as CaseFile;

describe('groundReply on the shared case file (the Python eval checks the same file)', () => {
  it('returns the recorded score, verdict and note for every case', async () => {
    const file = await caseFile();
    expect(file.cases.length).to.be.greaterThan(50);
    for (const c of file.cases) {
      const result = groundReply(c.reply, file.knowledge[c.knowledge]!, c.threshold ?? undefined, c.question);
      expect(result.score, c.name).to.be.closeTo(c.expected.score, 1e-9);
      expect(result.grounded, c.name).to.equal(c.expected.grounded);
      expect(result.source, c.name).to.deep.equal(c.expected.source);
      expect(result.declined, c.name).to.equal(c.expected.declined);
    }
  });

  it("marks improvised the wrong answers made of the notes' own words, and grounds the right ones", async () => {
    const file = await caseFile();
    const verdicts = (prefix: string) =>
      file.cases
        .filter((c) => c.name.startsWith(prefix))
        .map((c) => groundReply(c.reply, file.knowledge[c.knowledge]!, undefined, c.question).grounded);
    expect(verdicts('unseen persona, wrong:')).to.deep.equal(Array(13).fill(false));
    expect(verdicts("echo of the question and the note's questions")).to.deep.equal([false]);
    expect(verdicts('unseen persona, right:')).to.deep.equal(Array(6).fill(true));
  });
});
