// Word error rate, for the speech bench: (substitutions + deletions + insertions) / reference words, summed over
// the whole set. Words are compared lower-case, without punctuation, so "Rust projects." matches "rust projects".

export function words(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9']+/g, ' ')
    .split(' ')
    .filter(Boolean);
}

/** The fewest word edits that turn `reference` into `hypothesis` (Levenshtein distance over words). */
export function editDistance(reference, hypothesis) {
  let previous = hypothesis.map((_, j) => j + 1);
  previous.unshift(0);
  for (let i = 1; i <= reference.length; i++) {
    const row = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = previous[j - 1] + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      row.push(Math.min(substitution, previous[j] + 1, row[j - 1] + 1));
    }
    previous = row;
  }
  return previous[hypothesis.length];
}

/** `references` and `hypotheses`: one word list per clip, in the same order. */
export function wordErrors(references, hypotheses) {
  const errors = references.reduce((sum, reference, i) => sum + editDistance(reference, hypotheses[i]), 0);
  const total = references.reduce((sum, reference) => sum + reference.length, 0);
  return { errors, words: total, rate: total ? errors / total : 0 };
}
