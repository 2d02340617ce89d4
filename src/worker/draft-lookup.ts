/**
 * Guesses the next few tokens of a reply by looking them up: the latest earlier place where the reply's last few
 * tokens occurred, in the conversation so far or in the twin's own notes, and what followed there ("prompt
 * lookup" drafting). A twin recites its notes and repeats names from the question, so the guesses are often
 * right; the model checks them all in one forward pass (see draft-decoding.ts) and keeps only what it would
 * have produced anyway.
 */

/** Shortest run of tokens that must match before a draft is worth checking: one token matches too often. */
const MIN_MATCH = 2;
/** Longest run looked for; a longer match is a better predictor, and three tokens already pin a phrase down. */
const MAX_MATCH = 3;
/**
 * The most drafts one forward pass checks by default. A pass starts at FIRST_DRAFTS and grows while every draft is
 * kept (see DraftBudget): a twin reciting a note keeps eight in a row, while new wording misses at once and then
 * checks few. Nine positions cost about 1.6× one on WASM, five about 1.2× (bench/ort-raw.mjs).
 */
export const DRAFT_TOKENS = 8;
const FIRST_DRAFTS = 4;

export class DraftLookup {
  constructor(
    /** Token ids of the twin's notes (each note's answer), tokenized once at load. */
    private readonly notes: readonly (readonly number[])[] = [],
    /** How many draft tokens a forward pass checks. */
    readonly perPass = DRAFT_TOKENS,
  ) {}

  /** Up to `count` tokens that followed the longest (then latest) match of `sequence`'s tail; none without one. */
  propose(sequence: readonly number[], count: number): number[] {
    if (count <= 0) return [];
    for (let length = Math.min(MAX_MATCH, sequence.length - 1); length >= MIN_MATCH; length--) {
      const tail = sequence.slice(-length);
      // The sequence itself first (the tail's own position excluded): it is this conversation's wording.
      const inSequence = lastFollower(sequence, tail, sequence.length - length - 1, count);
      if (inSequence.length > 0) return inSequence;
      for (const note of this.notes) {
        const inNote = lastFollower(note, tail, note.length - length - 1, count);
        if (inNote.length > 0) return inNote;
      }
    }
    return [];
  }
}

/**
 * How many drafts the next pass checks: two more after a pass that kept them all, one fewer after a miss (the
 * schedule of Hugging Face's assisted generation), between one and the most allowed.
 */
export class DraftBudget {
  private current: number;

  constructor(private readonly most: number) {
    this.current = Math.min(FIRST_DRAFTS, most);
  }

  get size(): number {
    return this.current;
  }

  /** After a pass that checked `checked` drafts and kept `kept` of them. */
  update(checked: number, kept: number): void {
    if (checked === 0) return;
    this.current = kept === checked ? Math.min(this.current + 2, this.most) : Math.max(this.current - 1, 1);
  }
}

/** The tokens after the latest occurrence of `tail` in `tokens` that starts at or before `lastStart`. */
function lastFollower(tokens: readonly number[], tail: readonly number[], lastStart: number, count: number): number[] {
  for (let start = Math.min(lastStart, tokens.length - tail.length - 1); start >= 0; start--) {
    if (tail.every((token, i) => tokens[start + i] === token)) {
      const after = start + tail.length;
      return tokens.slice(after, after + count);
    }
  }
  return [];
}
