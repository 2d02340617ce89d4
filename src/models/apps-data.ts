/**
 * The app data JSON (the `apps` attribute): what the eight built-in card renderers show.
 * Every field is data from the page owner, rendered as text; only http(s) and mailto URLs become links.
 */
export interface ProjectItem {
  title: string;
  summary: string;
  tags: string[];
  category: 'oss' | 'professional';
  url?: string;
  year?: number;
}
export interface BookItem {
  title: string;
  author: string;
  note?: string;
  status?: 'reading' | 'read' | 'favourite';
}
export interface MusingItem {
  title: string;
  date: string;
  summary: string;
  url?: string;
}
export interface UsesGroup {
  category: string;
  items: string[];
}
export interface TalkItem {
  title: string;
  event: string;
  date: string;
  url?: string;
}
export interface LinkItem {
  label: string;
  url: string;
}

export interface AppsData {
  about?: { name: string; tagline: string; bio: string; location?: string };
  now?: { updated: string; items: string[] };
  projects?: ProjectItem[];
  books?: BookItem[];
  musings?: MusingItem[];
  uses?: UsesGroup[];
  talks?: TalkItem[];
  contact?: { email?: string; links: LinkItem[] };
}
