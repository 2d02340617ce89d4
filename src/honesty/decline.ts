import { words } from '../knowledge/words.js';

/**
 * Openings (as words() reads them) of a sentence in which the twin says it doesn't know: what a person writes
 * into their twin for questions it should not guess at, and what the scripted twin says. English, as the notes
 * and the scripted answers are. Each is whole words: "i can t help" declines, "i can t wait" does not.
 */
const DECLINE_OPENINGS = [
  'i don t know',
  'i do not know',
  'i dont know',
  'i m not sure',
  'i am not sure',
  'i have no idea',
  'no idea',
  'i d rather not',
  'i would rather not',
  'i m not the one',
  'i am not the one',
  'i can t help',
  'i cannot help',
  'i can t say',
  'i cannot say',
  'i can t answer',
  'i cannot answer',
  'i can t predict',
  'i cannot predict',
  'i can t tell',
  'i cannot tell',
  'sorry i don t',
  'sorry i can t',
  'that isn t in',
  'that s not in',
];

/** A reply's sentences: split after ., ! or ? and the space that follows. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** Whether the sentence opens by saying the twin doesn't know (or won't guess). */
export function declines(sentence: string): boolean {
  const said = `${words(sentence).join(' ')} `;
  return DECLINE_OPENINGS.some((opening) => said.startsWith(`${opening} `));
}
