import { words } from './words.js';

/**
 * The small pieces of text matching that retrieval is built from: content terms (stop words dropped, lightly
 * stemmed, common synonyms folded) and a typo-tolerant term similarity. No dictionaries, no models: a few
 * hundred bytes that behave the same on every machine.
 */

const STOP_WORDS = new Set(
  (
    'a an the and or but of to in on at for with from by as into is are am was were be been being do does did ' +
    'i me my mine we us our it its this that these those there here so if then than too very just really ' +
    's t d ll m re ve can could would should will shall may might must have has had get got please tell ' +
    'some any much many thing things kind sort bit lot you your yours yourself u ur r pls plz'
  ).split(' '),
);

/**
 * Words people use interchangeably when asking about a person, folded onto the group's first word so a
 * paraphrase meets the question it paraphrases ("Where have you spoken?" ~ "Have you given any talks?").
 * General vocabulary only: nothing here is specific to one twin.
 */
const CONCEPTS = new Map(
  [
    'talk speak spoken speaker present presentation conference keynote lecture',
    'job role career occupation employer',
    'study degree university uni college major',
    'code coding program programming programmer developer',
    'write wrote written writing blog post article essay musing',
    'book novel',
    'live home based reside city',
    'contact email mail reach touch',
    'favourite favorite best prefer',
    'hobby fun spare',
    'hike hiking walk walking trek',
    'build built make made create',
    'show see look view browse',
    'hardware gadget electronics device',
    'freelance contract consult consulting hire',
    'start begin began',
    'nervous scary scared afraid anxious',
    'family mum mom mother dad father parent brother sister',
    'partner married single spouse husband wife relationship',
    'password login credential',
    'team colleague coworker',
    'office remote remotely',
    'music sound audio song',
    'money pay salary earn income',
  ].flatMap((group) => {
    const members = group.split(' ').map(stemWord);
    return members.map((word) => [word, members[0]!] as const);
  }),
);

/** "studies" → "study", "reading" → "read", "lives"/"live" → "liv": enough to meet the same word's forms. */
function stemWord(word: string): string {
  if (word.length > 4 && /ie[sd]$/.test(word)) return word.slice(0, -3) + 'y';
  for (const suffix of ['ation', 'ing', 'ed', 'es', 's', 'ly']) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) {
      word = word.slice(0, -suffix.length);
      break;
    }
  }
  return word.length > 3 && word.endsWith('e') ? word.slice(0, -1) : word;
}

/** The stemmed content words; all words when the text is nothing but stop words ("who are you"). */
export function terms(text: string): string[] {
  const all = words(text);
  const content = all.filter((word) => !STOP_WORDS.has(word));
  return (content.length ? content : all).map((word) => fold(stemWord(word)));
}

/**
 * A term's concept. Typos of longer concept words fold too ("emial" → contact); short ones must be exact, or
 * "most" would fold with "post".
 */
function fold(term: string): string {
  const concept = CONCEPTS.get(term);
  if (concept || term.length < 5) return concept ?? term;
  for (const [word, group] of CONCEPTS) if (termSimilarity(word, term) > 0) return group;
  return term;
}

/**
 * 1 for the same term, a little less for a likely typo (one edit in a short word, two in a long one; "adress",
 * "liev"), 0 otherwise. Three-letter terms must match exactly: "car" and "cat" are different words.
 */
export function termSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  if (longest < 4 || Math.min(a.length, b.length) < 3) return 0;
  const allowed = longest >= 8 ? 2 : 1;
  const distance = editDistance(a, b, allowed);
  return distance <= allowed ? 1 - distance / longest : 0;
}

/** Optimal-string-alignment distance (a swap of neighbours is one edit), giving up once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    [before, previous] = [previous, current];
  }
  return previous[b.length]!;
}
