import { expect } from '@open-wc/testing';
import { words } from '../../src/knowledge/words.js';
import { terms, termSimilarity } from '../../src/knowledge/text-similarity.js';

describe('words', () => {
  it('lower-cases, folds accents and splits on anything but letters and digits', () => {
    expect(words("Café-crème? What's 2x!")).to.deep.equal(['cafe', 'creme', 'what', 's', '2x']);
  });
});

describe('terms', () => {
  it('drops stop words and meets forms of the same word', () => {
    expect(terms('What are you reading?')).to.deep.equal(terms('what do you read'));
    expect(terms('lives')).to.deep.equal(terms('live'));
    expect(terms('studies')).to.deep.equal(terms('study'));
  });

  it('keeps all words when there is nothing but stop words', () => {
    expect(terms('are you?')).to.deep.equal(['are', 'you']);
  });

  it('folds words people use interchangeably, and typos of longer ones', () => {
    expect(terms('speaking')).to.deep.equal(terms('talks'));
    expect(terms('emial')).to.deep.equal(terms('email'));
    expect(terms('most')).to.not.deep.equal(terms('post'));
  });
});

describe('termSimilarity', () => {
  it('is 1 for the same term, less for a typo, 0 for different words', () => {
    expect(termSimilarity('porto', 'porto')).to.equal(1);
    expect(termSimilarity('porto', 'proto')).to.be.within(0.5, 0.99);
    expect(termSimilarity('university', 'univrsity')).to.be.within(0.5, 0.99);
    expect(termSimilarity('car', 'cat')).to.equal(0);
    expect(termSimilarity('porto', 'paris')).to.equal(0);
  });
});
