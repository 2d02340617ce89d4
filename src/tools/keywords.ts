import { words } from '../knowledge/words.js';

/**
 * Keyword matching for the router. A keyword is a word or a short phrase, always matched against whole words.
 * Words of three letters or fewer match exactly, so "now" never fires inside "know" or "snowboard"; longer ones
 * also match with -s, -es, -d or -ed ("project" → "projects", "source" → "sourced") but not other words that merely
 * start the same way ("read" ✗ "ready", "talk" ✗ "talking"). Other forms are listed as keywords of their own.
 */

const INFLECTIONS = ['s', 'es', 'd', 'ed'];

function wordMatches(keyword: string, word: string | undefined): boolean {
  if (word === keyword) return true;
  return keyword.length > 3 && INFLECTIONS.some((suffix) => word === keyword + suffix);
}

/** Whether the keyword (a word or a phrase) occurs in the question's words. */
export function hasKeyword(questionWords: readonly string[], keyword: string): boolean {
  const parts = words(keyword);
  const lastStart = questionWords.length - parts.length;
  for (let start = 0; start <= lastStart; start++) {
    if (parts.every((part, i) => wordMatches(part, questionWords[start + i]))) return true;
  }
  return false;
}

/** Sum of the weights of the keywords that occur; each keyword counts once however often it is repeated. */
export function keywordScore(
  questionWords: readonly string[],
  weighted: readonly (readonly [string, number])[],
): number {
  let score = 0;
  for (const [keyword, weight] of weighted) if (hasKeyword(questionWords, keyword)) score += weight;
  return score;
}
