import type { KnowledgeEntry } from '../models/manifest.js';
import { terms, termSimilarity } from '../knowledge/text-similarity.js';
import { termWeights, type TermWeights } from '../knowledge/term-weights.js';
import { stripToolLines } from '../tools/tool-line.js';
import { declines, sentences } from './decline.js';

/**
 * Whether a finished twin reply comes from the person's own notes (the manifest's baked Q/A) or is improvised.
 * The score is how much of what the reply says, its content terms weighted by how rare they are in the
 * knowledge, the single best note supports (its answer and its questions), typos and light paraphrase
 * tolerated by the same term machinery retrieval uses. Given the visitor's question too, the note must also be
 * about what was asked: a small twin that answers "Do you play chess?" with its baked bio is reciting a note,
 * not answering from one. Deterministic, no model: the same input gives the same verdict in the browser and in
 * Python (finetune/twin_finetune/grounding.py).
 */

/** The matched note, as a visitor would read it: its first question and its answer (without any TOOL line). */
export interface GroundingSource {
  q: string;
  a: string;
}

export interface Grounding {
  /** Supported by the person's notes (never while declined). */
  grounded: boolean;
  /**
   * The twin says it doesn't know: one declining sentence, or its person's own decline answer (a note that opens
   * by declining, which the reply gives back). Neither grounded nor improvised: the right thing for a twin to say.
   */
  declined: boolean;
  /** In [0, 1]: the share of the reply (and of the question, when given), by weight, that the best note supports. */
  score: number;
  /** The best note, or null when none matched at all (no note shares a term with the reply, or with the question). */
  source: GroundingSource | null;
}

/**
 * Calibrated on the demo persona Ada only (finetune/personas/ada; figures from bench/honesty-eval.py), with
 * the question given. The micro twin recites its notes perfectly on baked questions (score 1) but recites a
 * wrong note for 82% of off-map questions; those replies score at most 0.58 and mostly under 0.3, because the
 * recited note is not about what was asked. From 0.4 to 0.8 the baked-question false-flag rate stays at 0.3%;
 * off-map recall is 95% at 0.4, 97.5% at 0.5, 100% at 0.6. 0.5 keeps most of that recall while flagging fewer
 * correct answers to paraphrased questions (36% of Ada's held-out faithful replies at 0.5, 50% at 0.6): a
 * paraphrase's unfamiliar words lower how well the note covers the question.
 */
export const DEFAULT_GROUNDING_THRESHOLD = 0.5;

interface Note {
  source: GroundingSource;
  terms: Set<string>;
}

interface Index {
  notes: Note[];
  weights: TermWeights;
  /** Each knowledge term with its letter counts, in the weights' order (the order decides ties, as in Python). */
  vocabulary: { term: string; letters: Int32Array }[];
  /** A term's comparison with the vocabulary, computed once per knowledge: replies repeat their words. */
  seen: Map<string, Term>;
}

/** One term of the reply or question: what it weighs, and the knowledge terms it may stand for (typos). */
interface Term {
  weight: number;
  similar: [string, number][];
}

/** Built once per knowledge array, which a loaded manifest keeps for its lifetime. */
const indexes = new WeakMap<readonly KnowledgeEntry[], Index>();

/**
 * Pass `question`, the visitor's message the reply answers, whenever there is one: the score is then the lower
 * of the reply's support and how well the same note covers the question. Without it the score is the reply's
 * support alone, and a twin reciting the wrong note is marked grounded: on the micro twins' off-map replies
 * only 5% (Ada) and 15% (Tobias) are flagged improvised without the question, 97.5% and 100% with it.
 */
export function groundReply(
  reply: string,
  knowledge: readonly KnowledgeEntry[],
  threshold = DEFAULT_GROUNDING_THRESHOLD,
  question = '',
): Grounding {
  const text = stripToolLines(reply).trim();
  if (!text) return { grounded: false, declined: false, score: 0, source: null };
  const index = indexFor(knowledge);
  const said = termsOf(text, index);
  const asked = question.trim() ? termsOf(question, index) : null;
  let best: Note | null = null;
  let score = 0;
  // The note that best supports the reply alone, whatever was asked: is the reply its person's decline answer?
  let recited: Note | null = null;
  let recitedScore = 0;
  for (const note of index.notes) {
    const supported = coverage(said, note);
    const value = asked ? Math.min(supported, coverage(asked, note)) : supported;
    // Strictly greater: on a tie the earlier note wins, so the verdict depends on nothing but the input.
    if (value > score) [best, score] = [note, value];
    if (supported > recitedScore) [recited, recitedScore] = [note, supported];
  }
  const [opening = '', ...rest] = sentences(text);
  const declined =
    declines(opening) &&
    (rest.length === 0 ||
      (recited !== null && recitedScore >= threshold && declines(sentences(recited.source.a)[0] ?? '')));
  return { grounded: !declined && best !== null && score >= threshold, declined, score, source: best?.source ?? null };
}

function indexFor(knowledge: readonly KnowledgeEntry[]): Index {
  let index = indexes.get(knowledge);
  if (index) return index;
  const notes = knowledge.map((entry) => {
    const answer = stripToolLines(entry.a).trim();
    return { source: { q: entry.q[0] ?? '', a: answer }, terms: new Set([answer, ...entry.q].flatMap(terms)) };
  });
  const weights = termWeights(notes.map((note) => [...note.terms]));
  const vocabulary = [...weights.weights.keys()].map((term) => ({ term, letters: letterCounts(term) }));
  index = { notes, weights, vocabulary, seen: new Map() };
  indexes.set(knowledge, index);
  return index;
}

/**
 * The text's unique terms, each compared once with the knowledge's whole vocabulary (so a reply costs one pass
 * over the vocabulary, not one per note). A term the knowledge never uses weighs what its closest knowledge term
 * weighs when it is a typo of one, and the most of any term otherwise: unsupported words must count.
 */
function termsOf(text: string, index: Index): Term[] {
  return [...new Set(terms(text))].map((term) => {
    let found = index.seen.get(term);
    if (!found) {
      // Bounded: a long chat must not grow the cache without end.
      if (index.seen.size >= SEEN_LIMIT) index.seen.clear();
      found = compare(term, index);
      index.seen.set(term, found);
    }
    return found;
  });
}

/**
 * About 110 bytes a term: a few hundred covers the words a chat keeps reusing, while a long session of new words
 * costs at most ~50 kB before the cache starts over.
 */
const SEEN_LIMIT = 500;

function compare(term: string, { weights, vocabulary }: Index): Term {
  const similar: [string, number][] = [];
  const letters = letterCounts(term);
  let closest: string | null = null;
  let closeness = 0;
  for (const known of vocabulary) {
    // Each edit changes at most two letter counts by one, so a far larger difference rules a typo out cheaply.
    if (letterDifference(letters, known.letters) > 4) continue;
    const similarity = termSimilarity(term, known.term);
    if (similarity <= 0) continue;
    similar.push([known.term, similarity]);
    if (similarity > closeness) [closest, closeness] = [known.term, similarity];
  }
  const typoOf = closest === null ? undefined : weights.weights.get(closest);
  return { weight: weights.weights.get(term) ?? typoOf ?? weights.unknownWeight, similar };
}

/** Counts of a to z, with every other character in one last slot. */
function letterCounts(term: string): Int32Array {
  const counts = new Int32Array(27);
  for (let i = 0; i < term.length; i++) {
    const code = term.charCodeAt(i) - 97;
    const slot = code >= 0 && code < 26 ? code : 26;
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return counts;
}

function letterDifference(a: Int32Array, b: Int32Array): number {
  return a.reduce((difference, count, i) => difference + Math.abs(count - (b[i] ?? 0)), 0);
}

/** How much of the terms, by weight, the note holds (or holds a typo of), in [0, 1]. */
function coverage(text: readonly Term[], note: Note): number {
  let found = 0;
  let total = 0;
  for (const { weight, similar } of text) {
    let best = 0;
    for (const [known, similarity] of similar) if (similarity > best && note.terms.has(known)) best = similarity;
    found += weight * best;
    total += weight;
  }
  return total ? found / total : 0;
}
