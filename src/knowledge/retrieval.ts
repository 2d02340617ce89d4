import type { KnowledgeEntry } from '../models/manifest.js';
import { terms, termSimilarity } from './text-similarity.js';
import { termWeights, type TermWeights } from './term-weights.js';

/**
 * Finds the twin's own answer to a question: the scripted engine's whole brain. Deterministic and
 * dependency-free. A question is compared with every stored question variant on their content terms, each term
 * weighted by how rare it is across the knowledge (squared IDF: a rare word like "Porto" decides a match, "what"
 * barely counts), typos tolerated. The score is the harmonic mean of how much of the question the variant covers
 * and how much of the variant the question covers, so a question about something else scores low even when it
 * shares the phrasing ("What's your favourite colour?" vs "What's your favourite project?").
 */

export interface Match {
  entry: KnowledgeEntry;
  /** In [0, 1]; 1 is the same question. */
  score: number;
}

/**
 * Below this a match is a guess, and the twin says it does not know instead. Chosen on the demo persona's
 * held-out paraphrases and off-map questions: a wrong answer costs more trust than an honest "I don't know".
 */
export const MATCH_THRESHOLD = 0.55;

interface Index {
  entries: { entry: KnowledgeEntry; variants: string[][] }[];
  weights: TermWeights;
}

/** Built once per knowledge array, which a loaded manifest keeps for its lifetime. */
const indexes = new WeakMap<readonly KnowledgeEntry[], Index>();

export function findBestMatch(question: string, knowledge: readonly KnowledgeEntry[]): Match | null {
  const index = indexFor(knowledge);
  const asked = [...new Set(terms(question))];
  let best: Match | null = null;
  for (const { entry, variants } of index.entries) {
    for (const variant of variants) {
      const covered = coverage(asked, variant, index.weights);
      const precise = coverage(variant, asked, index.weights);
      const score = covered && precise ? (2 * covered * precise) / (covered + precise) : 0;
      // Strictly greater: on a tie the earlier entry wins, so answers never depend on anything but the input.
      if (score > (best?.score ?? 0)) best = { entry, score };
    }
  }
  return best && best.score >= MATCH_THRESHOLD ? best : null;
}

function indexFor(knowledge: readonly KnowledgeEntry[]): Index {
  let index = indexes.get(knowledge);
  if (index) return index;
  const entries = knowledge.map((entry) => ({ entry, variants: entry.q.map((q) => [...new Set(terms(q))]) }));
  index = { entries, weights: termWeights(entries.map(({ variants }) => variants.flat())) };
  indexes.set(knowledge, index);
  return index;
}

/** How much of `from`, by weight, finds a similar term in `to`, in [0, 1]. */
function coverage(from: readonly string[], to: readonly string[], { weights, unknownWeight }: TermWeights): number {
  let found = 0;
  let total = 0;
  for (const term of from) {
    let similarity = 0;
    let partner = term;
    for (const other of to) {
      const value = termSimilarity(term, other);
      if (value > similarity) [similarity, partner] = [value, other];
    }
    // A misspelt term is unknown to the index; it weighs what the term it stands for weighs.
    const weight = weights.get(term) ?? weights.get(partner) ?? unknownWeight;
    found += weight * similarity;
    total += weight;
  }
  return total ? found / total : 0;
}
