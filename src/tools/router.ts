import type { ToolSpec } from '../models/manifest.js';
import type { AppsData, ProjectItem } from '../models/apps-data.js';
import type { ToolCall } from './tool-call.js';
import { hasKeyword, keywordScore } from './keywords.js';
import { paramProblem } from './tool-spec.js';
import { words } from '../knowledge/words.js';

/**
 * The deterministic keyword router. It runs on every question in every mode and backs up the
 * model: when a reply carries no valid TOOL line, the router's call opens the card instead.
 *
 * Weights: 3 names the app outright ("books", "conference"), 2 is a strong hint ("use", "now"), 1 only tips a
 * close call ("work"). An app needs ROUTE_THRESHOLD to be chosen, so a plain factual question routes nowhere.
 */

type Weighted = readonly (readonly [string, number])[];

const APP_KEYWORDS: Record<string, Weighted> = {
  projects: [
    ['project', 3],
    ['portfolio', 3],
    ['built', 2],
    ['building', 2],
    ['open source', 2],
    ['oss', 2],
    ['repo', 2],
    ['repository', 2],
    ['work', 1],
    ['made', 1],
  ],
  books: [
    ['book', 3],
    ['novel', 3],
    ['bookshelf', 3],
    ['reading', 2],
    ['read', 2],
    ['author', 2],
  ],
  musings: [
    ['blog', 3],
    ['essay', 3],
    ['article', 3],
    ['musing', 3],
    ['writing', 3],
    ['post', 3],
    ['write', 2],
    ['wrote', 2],
    ['written', 2],
  ],
  about: [
    ['about you', 3],
    ['about yourself', 3],
    ['bio', 3],
    ['biography', 3],
    ['introduction', 3],
    ['introduce yourself', 3],
    ['background', 2],
    ['about', 1],
  ],
  now: [
    ['now', 2],
    ['up to', 2],
    ['these days', 2],
    ['at the moment', 2],
    ['this month', 2],
    ['currently', 2],
    ['lately', 2],
    ['working on', 2],
    ['news', 2],
  ],
  uses: [
    ['uses', 3],
    ['setup', 3],
    ['gear', 3],
    ['stack', 3],
    ['editor', 3],
    ['laptop', 3],
    ['hardware', 3],
    ['keyboard', 3],
    ['use', 2],
    ['set up', 2],
    ['tool', 2],
    ['desk', 2],
    ['software', 1],
  ],
  talks: [
    ['talk', 3],
    ['conference', 3],
    ['speaker', 3],
    ['presentation', 3],
    ['presented', 3],
    ['keynote', 3],
    ['meetup', 3],
    ['slides', 3],
    ['speaking', 2],
    ['spoken', 2],
  ],
  contact: [
    ['contact', 3],
    ['email', 3],
    ['reach', 3],
    ['in touch', 3],
    ['mail', 2],
    ['hire', 2],
    ['social', 2],
    ['follow', 2],
    ['github', 2],
    ['linkedin', 2],
    ['mastodon', 2],
  ],
};

/** Words that ask to see something: they strengthen an app the question already hints at, never pick one. */
const BROWSE_WORDS: Weighted = [
  ['show', 1],
  ['list', 1],
  ['browse', 1],
  ['see', 1],
  ['any', 1],
];

/** Naming one of the project tags hints at projects ("anything in rust?"), too weakly to route on its own. */
const TAG_WEIGHT = 1;

export const ROUTE_THRESHOLD = 2;

const CATEGORY_KEYWORDS: Record<string, readonly string[]> = {
  oss: ['open source', 'oss', 'github', 'side project', 'hobby', 'personal', 'for fun'],
  professional: [
    'professional',
    'professionally',
    'client',
    'job',
    'jobs',
    'company',
    'employer',
    'commercial',
    'at work',
    'for work',
    'work project',
    'paid',
    'career',
  ],
};

/**
 * The app's keywords. A page's own app (not one of the eight) is routed by its name; own keys only, so an app
 * named "constructor" or "toString" is a page's app, not a member of Object.prototype.
 */
function keywordsOf(app: string): Weighted {
  return Object.hasOwn(APP_KEYWORDS, app) ? APP_KEYWORDS[app]! : [[app, 3]];
}

export function routeQuestion(question: string, tools: readonly ToolSpec[], apps?: AppsData): ToolCall | null {
  const questionWords = words(question);
  const tag = findTag(question, apps);
  const browse = keywordScore(questionWords, BROWSE_WORDS);

  let best: ToolSpec | null = null;
  let bestScore = 0;
  for (const spec of tools) {
    let score = keywordScore(questionWords, keywordsOf(spec.app));
    if (spec.app === 'projects' && tag) score += TAG_WEIGHT;
    if (score > 0) score += browse;
    if (score > bestScore) [best, bestScore] = [spec, score];
  }
  if (!best || bestScore < ROUTE_THRESHOLD) return null;

  const params: Record<string, string> = {};
  if (best.app === 'projects') {
    const category = findCategory(questionWords);
    if (tag && !paramProblem(best, 'tag', tag)) params.tag = tag;
    if (category && !paramProblem(best, 'category', category)) params.category = category;
  }
  return { app: best.app, params, source: 'router' };
}

/** The longest project tag the question names ("machine learning" beats "learning"). */
function findTag(question: string, apps?: AppsData): string | undefined {
  // App data is checked only in outline, so a project or its tags may be anything JSON holds.
  const projects: unknown[] = Array.isArray(apps?.projects) ? apps.projects : [];
  const named = projects.flatMap((project) =>
    Array.isArray((project as ProjectItem | null)?.tags) ? (project as ProjectItem).tags : [],
  );
  const tags = [...new Set(named.filter((tag): tag is string => typeof tag === 'string'))];
  tags.sort((a, b) => b.length - a.length);
  const text = question.normalize('NFKC');
  // Whole words, plurals included ("crdts" names "crdt"); a regex rather than words(), so "c++" and "node.js" work.
  const names = (tag: string) => {
    try {
      return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(tag)}(?:e?s)?(?![\\p{L}\\p{N}])`, 'iu').test(text);
    } catch {
      return false; // a tag too long to compile ("Regular expression too large") names nothing anyone asks about
    }
  };
  return tags.find((tag) => tag.trim() && names(tag));
}

/** The category the question names; none when it names both or neither. */
function findCategory(questionWords: readonly string[]): string | undefined {
  const named = Object.entries(CATEGORY_KEYWORDS)
    .filter(([, keywords]) => keywords.some((keyword) => hasKeyword(questionWords, keyword)))
    .map(([category]) => category);
  return named.length === 1 ? named[0] : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
