import { words } from '../knowledge/words.js';
import type { TwinManifest } from '../models/manifest.js';
import { findBestMatch } from '../knowledge/retrieval.js';

/** Messages made only of these words (and the person's name) are greetings: "hi", "hey there", "hello Ada!". */
const SALUTATIONS = new Set([
  'hi',
  'hello',
  'hey',
  'hiya',
  'howdy',
  'yo',
  'greetings',
  'there',
  'good',
  'morning',
  'afternoon',
  'evening',
]);
/** Asking who the twin is gets the greeting too, unless the knowledge has its own answer. */
const IDENTITY_QUESTIONS = ['who are you', 'what are you', 'who is this', 'who am i talking to'];

/**
 * The scripted reply to a question, TOOL line included when the knowledge has one: the greeting, the best
 * match's answer, or an honest "I don't know" (never a guess). Also shown when a model's reply is nothing but a
 * TOOL line.
 */
export function scriptedAnswer(question: string, manifest: TwinManifest): string {
  const asked = words(question);
  const names = words(manifest.person);
  if (asked.length > 0 && asked.every((word) => SALUTATIONS.has(word) || names.includes(word)))
    return manifest.greeting;
  const match = findBestMatch(question, manifest.knowledge);
  if (match) return match.entry.a;
  if (IDENTITY_QUESTIONS.includes(asked.join(' '))) return manifest.greeting;
  return `I don't know that one — it isn't in ${manifest.person}'s notes, and I'd rather not guess.`;
}
