import type { KnowledgeEntry } from '../models/manifest.js';
import { terms, termSimilarity } from '../knowledge/text-similarity.js';
import { termWeights, type TermWeights } from '../knowledge/term-weights.js';
import { stripToolLines } from '../tools/tool-line.js';
import { declines, sentences } from './decline.js';

/**
 * Whether a finished twin reply comes from the person's own notes (the manifest's baked Q/A) or is improvised.
 * The score is how much of what the reply says, its content terms weighted by how rare they are in the
 * knowledge, the single best note's answer says too, typos and light paraphrase tolerated by the same term
 * machinery retrieval uses. Given the visitor's question too, the note (its answer and its questions) must also
 * be about what was asked: a small twin that answers "Do you play chess?" with its baked bio is reciting a note,
 * not answering from one. Deterministic, no model: the same input gives the same verdict in the browser and in
 * Python (finetune/twin_finetune/grounding.py).
 *
 * Only the note's answer, and only what the reply adds to the question, count as support. A note's questions say
 * what it is about, not what the person said, and a twin can say the visitor's words back whatever its notes hold:
 * counting both, "I live on my first job at work." to "What do you do for a living?" scores 1 on Ada's job note,
 * though "living" and "job" are only its questions' words, and "first" and "work" all the reply shares with its
 * answer.
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
  /**
   * In [0, 1]: the share of the reply, by weight, that the best note's answer supports (of what the reply adds to the
   * question, when given; then the lower of that and the share of the question the note covers).
   */
  score: number;
  /** The best note, or null when none matched at all (no note shares a term with the reply, or with the question). */
  source: GroundingSource | null;
}

/**
 * Calibrated on the demo persona Ada only (finetune/personas/ada; figures from bench/honesty-eval.py), with
 * the question given. The micro twin recites its notes perfectly on baked questions (score 1) but recites a
 * wrong note word for word for 34 of its 40 off-map questions; those replies score at most 0.57 and mostly under
 * 0.3, because the recited note is not about what was asked. From 0.3 to 0.8 one faithful baked reply in 398 is
 * flagged; of the off-map replies that do not decline, 97% are flagged at 0.4 and 0.5, all at 0.6. 0.5 keeps that
 * recall while flagging fewer correct answers to paraphrased questions (3 of Ada's 8 held-out faithful replies at
 * 0.5, 4 at 0.6): a paraphrase's unfamiliar words lower how well the note covers the question. Counting only the
 * answer, and only what a reply adds to the question, moved none of these figures, nor Tobias's: it flags wrong
 * answers made of the notes' own words (test/fixtures/grounding-cases.mjs), which these twins seldom write.
 */
export const DEFAULT_GROUNDING_THRESHOLD = 0.5;

interface Note {
  source: GroundingSource;
  /** Its answer's and its questions' terms: what the note is about, which the visitor's question must meet. */
  terms: Set<string>;
  /** Its answer's terms alone: what the note says, which the reply must say. */
  says: Set<string>;
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
  term: string;
  weight: number;
  similar: [string, number][];
}

/** Built once per knowledge array, which a loaded manifest keeps for its lifetime. */
const indexes = new WeakMap<readonly KnowledgeEntry[], Index>();

/**
 * Pass `question`, the visitor's message the reply answers, whenever there is one: the score is then the lower
 * of the reply's support and how well the same note covers the question. Without it the score is the reply's
 * support alone, and a twin reciting the wrong note is marked grounded: of the micro twins' off-map replies that
 * do not decline, none is flagged improvised without the question, 97% (Ada, Tobias) with it.
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
  const claims = asked ? added(said, asked) : said;
  let best: Note | null = null;
  let score = 0;
  // The note whose answer best supports the reply, whatever was asked: is the reply its person's decline answer?
  let recited: Note | null = null;
  let recitedScore = 0;
  for (const note of index.notes) {
    const supported = coverage(claims, note.says);
    const value = asked ? Math.min(supported, coverage(asked, note.terms)) : supported;
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
    const says = new Set(terms(answer));
    return { source: { q: entry.q[0] ?? '', a: answer }, terms: new Set([...says, ...entry.q.flatMap(terms)]), says };
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
  return { term, weight: weights.weights.get(term) ?? typoOf ?? weights.unknownWeight, similar };
}

/**
 * The reply's terms that the question did not already use (nor a typo of them): what the reply claims. The
 * visitor's own words said back are no evidence either way, so they count neither for nor against a note. A reply
 * that adds nothing ("Here's my about page." to "Show me your about page") is judged on all its words.
 */
function added(said: readonly Term[], asked: readonly Term[]): readonly Term[] {
  const claims = said.filter(({ term }) => !asked.some((word) => termSimilarity(term, word.term) > 0));
  return claims.length ? claims : said;
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

/** How much of the terms, by weight, the note's terms hold (or hold a typo of), in [0, 1]. */
function coverage(text: readonly Term[], held: ReadonlySet<string>): number {
  let found = 0;
  let total = 0;
  for (const { weight, similar } of text) {
    let best = 0;
    for (const [known, similarity] of similar) if (similarity > best && held.has(known)) best = similarity;
    found += weight * best;
    total += weight;
  }
  return total ? found / total : 0;
}
