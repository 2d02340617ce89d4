import { expect } from '@open-wc/testing';
import type { TwinManifest } from '../../src/models/manifest.js';
import { groundReply } from '../../src/honesty/grounding.js';
import { declines, sentences } from '../../src/honesty/decline.js';
import { scriptedAnswer } from '../../src/engines/scripted-answer.js';

/**
 * Grounding on the committed demo twin's real knowledge (models/ada-twin/twin.json): every baked answer is
 * grounded in its own note; sentences in the style of a small twin improvising (confident, first person, about
 * things the notes never mention) are flagged, and so is a note recited to an off-map question (the demo persona's
 * finetune/personas/ada/offmap.jsonl). The measured rates are logged.
 */

const improvised = [
  "I've never played chess, but I love a good game of poker with friends on Fridays.",
  'My star sign is Leo, and I think it shows when I give talks.',
  'I ran the Lisbon marathon last spring in just under four hours.',
  'My favourite pizza topping is pineapple with extra chillies.',
  'I went to Japan twice and loved the trains in Kyoto.',
  'The capital of Peru is Lima, a city I visited as a student.',
  'My first car was a red Fiat Panda that broke down every winter.',
  'I listen to jazz all day, mostly Coltrane and Nina Simone.',
  'I play the violin in a small orchestra on Tuesday evenings.',
  'Photosynthesis turns sunlight, water and carbon dioxide into sugar.',
  'I broke my arm skiing in the Alps when I was twelve.',
  'A spider has eight legs, and I keep two tarantulas at home.',
  'Hamlet was written by Shakespeare; I played Ophelia at school.',
  "I'm definitely a night owl and rarely wake before ten.",
  'I support Benfica and never miss a home game.',
  'My favourite film is Casablanca, I have seen it twenty times.',
  'I boil eggs for exactly six minutes, then plunge them in ice water.',
  'The moon is about 384,000 kilometres away from the Earth.',
  'I love camping in the Scottish Highlands with my dog.',
  'My shoe size is 39, which makes buying boots easy.',
];

describe('grounding on the demo persona', () => {
  it('grounds every baked answer in its own note and flags improvised sentences and recited wrong notes', async () => {
    const manifest = (await (await fetch('/models/ada-twin/twin.json')).json()) as TwinManifest;
    const { knowledge } = manifest;
    expect(knowledge.length).to.be.greaterThan(50);

    let ownNote = 0;
    for (const entry of knowledge) {
      const result = groundReply(entry.a, knowledge, undefined, entry.q[0]);
      // Ada's own decline answers are marked declined (below), every other note grounded.
      expect(result.grounded || result.declined, entry.a).to.equal(true);
      // Two notes may hold the same sentence; the verdict matters, the note shown is the best one.
      if (entry.a.startsWith(result.source?.a ?? '\0')) ownNote++;
    }
    const flagged = improvised.filter((reply) => !groundReply(reply, knowledge).grounded).length;

    // What the micro twin does with most off-map questions: it recites some other note, word for word.
    const offMap = (await (await fetch('/finetune/personas/ada/offmap.jsonl')).text())
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { q: string }).q);
    const recited = offMap.filter((question, i) => {
      const otherNote = knowledge[(i * 7) % knowledge.length]!.a;
      return !groundReply(otherNote, knowledge, undefined, question).grounded;
    });

    console.log(
      `baked answers grounded in their own note: ${ownNote}/${knowledge.length}; ` +
        `improvised flagged: ${flagged}/${improvised.length}; ` +
        `notes recited to off-map questions flagged: ${recited.length}/${offMap.length}`,
    );
    expect(ownNote / knowledge.length).to.be.at.least(0.95);
    expect(flagged / improvised.length).to.be.at.least(0.9);
    expect(offMap.length).to.be.at.least(20);
    expect(recited.length / offMap.length).to.be.at.least(0.9);
  });
});

describe('declined: the twin says it does not know', () => {
  for (const twin of ['ada-twin', 'tobias-twin']) {
    it(`marks ${twin}'s own decline answers declined, asked anything, and its other notes never`, async () => {
      const manifest = (await (await fetch(`/models/${twin}/twin.json`)).json()) as TwinManifest;
      const { knowledge } = manifest;
      const honest = knowledge.filter((entry) => declines(sentences(entry.a)[0] ?? ''));
      expect(honest.length, 'the persona writes decline answers').to.be.greaterThan(0);
      for (const entry of honest) {
        for (const question of [entry.q[0] ?? '', 'Do you play chess?', '']) {
          const result = groundReply(entry.a, knowledge, undefined, question);
          expect(result, `${entry.a} (asked "${question}")`).to.include({ declined: true, grounded: false });
        }
      }
      for (const entry of knowledge.filter((note) => !honest.includes(note)))
        expect(groundReply(entry.a, knowledge, undefined, entry.q[0]).declined, entry.a).to.equal(false);
      // The scripted twin's "I don't know" too, whoever the person is.
      const decline = scriptedAnswer('What is the capital of Peru?', manifest);
      expect(groundReply(decline, knowledge, undefined, 'What is the capital of Peru?').declined, decline).to.equal(
        true,
      );
    });
  }
});
