import { expect } from '@open-wc/testing';
import { DraftLookup } from '../../src/worker/draft-lookup.js';

describe('DraftLookup', () => {
  const notes = [
    [10, 11, 12, 13, 14, 15],
    [20, 21, 22, 23],
  ];

  it('proposes what followed the tail in a note, up to the count asked', () => {
    const lookup = new DraftLookup(notes);
    expect(lookup.propose([1, 2, 11, 12], 3)).to.deep.equal([13, 14, 15]);
    expect(lookup.propose([1, 2, 11, 12], 2)).to.deep.equal([13, 14]);
    expect(lookup.propose([1, 21, 22], 8)).to.deep.equal([23]);
  });

  it('prefers the conversation itself, and its latest occurrence, over the notes', () => {
    const lookup = new DraftLookup(notes);
    expect(lookup.propose([11, 12, 40, 9, 11, 12, 41, 7, 11, 12], 2)).to.deep.equal([41, 7]);
  });

  it('prefers a three-token match to a two-token one', () => {
    const lookup = new DraftLookup(notes);
    // [12, 13] alone would match earlier in the sequence; [11, 12, 13] matches only in the note.
    expect(lookup.propose([12, 13, 99, 11, 12, 13], 1)).to.deep.equal([14]);
  });

  it('proposes nothing for a single matching token, an unknown tail, or a count of zero', () => {
    const lookup = new DraftLookup(notes);
    expect(lookup.propose([5, 12], 4)).to.deep.equal([]);
    expect(lookup.propose([5, 6, 7], 4)).to.deep.equal([]);
    expect(lookup.propose([1, 2, 11, 12], 0)).to.deep.equal([]);
    expect(new DraftLookup().propose([1], 4)).to.deep.equal([]);
  });
});
