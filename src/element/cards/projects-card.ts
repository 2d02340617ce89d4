import type { ProjectItem } from '../../models/apps-data.js';
import type { CardRenderer } from './card-renderer.js';
import { cardShell, element, itemList, linkOrText, metaLine, objectsIn, setText, textsIn } from './card-dom.js';

const CATEGORY_LABELS: Record<string, string> = { oss: 'open source', professional: 'professional' };
const CATEGORY_TITLES: Record<string, string> = { oss: 'Open-source projects', professional: 'Professional projects' };

/** Projects, narrowed by the call's optional `tag` (any of the project's tags, case-insensitive) and `category`. */
export const renderProjects: CardRenderer = (call, apps) => {
  const projects = objectsIn(apps?.projects);
  if (projects.length === 0) return null;
  const tag = call.params.tag?.toLowerCase();
  const category = call.params.category;
  const shown = projects.filter(
    (project) =>
      (!tag || textsIn(project.tags).some((t) => t.toLowerCase() === tag)) &&
      (!category || project.category === category),
  );

  const base = (category && Object.hasOwn(CATEGORY_TITLES, category) && CATEGORY_TITLES[category]) || 'Projects';
  const card = cardShell('projects', tag ? `${base} tagged “${call.params.tag}”` : base);
  card.append(
    shown.length > 0 ? itemList(shown, fillProject) : element('p', 'twin-card__empty', 'No projects match that yet.'),
  );
  return card;
};

function fillProject(project: ProjectItem, li: HTMLLIElement): void {
  const category = Object.hasOwn(CATEGORY_LABELS, project.category) ? CATEGORY_LABELS[project.category] : '';
  li.append(
    linkOrText(project.title, project.url, 'twin-card__name'),
    metaLine(project.year, category),
    element('p', 'twin-card__text', project.summary),
    itemList(textsIn(project.tags), (tag, item) => setText(item, tag), 'twin-card__tags', 'twin-card__tag'),
  );
}
