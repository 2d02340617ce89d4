import type { KnowledgeEntry } from '../models/manifest.js';
import { stripToolLines } from '../tools/tool-line.js';
import { declines, sentences } from './decline.js';
import type { Grounding } from './grounding.js';

/**
 * A model's finished reply to `question`, measured against the person's notes (the manifest's baked Q/A) once,
 * when it has finished. The check is loaded with the first model reply, so a page that never chats does not
 * download it. No threshold, or one that is not a number (a mistyped attribute), means the calibrated default.
 */
export async function modelReplyProvenance(
  text: string,
  question: string,
  knowledge: readonly KnowledgeEntry[],
  threshold: number | null,
): Promise<Grounding> {
  try {
    const { DEFAULT_GROUNDING_THRESHOLD, groundReply } = await import('./grounding.js');
    const usable = threshold !== null && Number.isFinite(threshold) ? threshold : DEFAULT_GROUNDING_THRESHOLD;
    // With the question, a twin reciting a note about something else ("Do you play chess?" → its bio) is improvised.
    return groundReply(text, knowledge, usable, question);
  } catch {
    // The check's code could not be fetched (the network went away mid-visit): a reply nobody checked is not
    // vouched for, and the reply itself must still be shown.
    return { grounded: false, declined: false, score: 0, source: null };
  }
}

/**
 * Fixed text — the greeting, and every scripted answer — is the manifest's own words, so it is grounded by
 * construction; its note is the baked answer it repeats, if any. The scripted "I don't know" declines, and so
 * does a note that is its person's decline answer.
 */
export function fixedTextProvenance(text: string, knowledge: readonly KnowledgeEntry[]): Grounding {
  const said = text.trim();
  const entry = knowledge.find((note) => stripToolLines(note.a).trim() === said);
  const declined = declines(sentences(said)[0] ?? '');
  return { grounded: !declined, declined, score: 1, source: entry ? { q: entry.q[0] ?? '', a: said } : null };
}
