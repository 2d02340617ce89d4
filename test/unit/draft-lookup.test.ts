import { expect } from '@open-wc/testing';
import { DraftBudget, DraftLookup } from '../../src/worker/draft-lookup.js';

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

describe('DraftBudget', () => {
  it('starts at four, grows by two while every draft is kept, up to the most allowed', () => {
    const budget = new DraftBudget(8);
    const sizes = [budget.size];
    for (let pass = 0; pass < 3; pass++) {
      budget.update(budget.size, budget.size);
      sizes.push(budget.size);
    }
    expect(sizes).to.deep.equal([4, 6, 8, 8]);
  });

  it('shrinks by one after a miss, never below one, and stays put when a pass checked no drafts', () => {
    const budget = new DraftBudget(8);
    budget.update(4, 2);
    expect(budget.size).to.equal(3);
    budget.update(0, 0);
    expect(budget.size).to.equal(3);
    for (let pass = 0; pass < 5; pass++) budget.update(budget.size, 0);
    expect(budget.size).to.equal(1);
  });

  it('never starts above the most allowed', () => {
    expect(new DraftBudget(2).size).to.equal(2);
  });
});
