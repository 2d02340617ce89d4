import { expect } from '@open-wc/testing';
import type { AppsData } from '../../src/models/apps-data.js';
import type { ToolCall } from '../../src/tools/tool-call.js';
import { renderBuiltInCard } from '../../src/element/cards/built-in-cards.js';

const apps: AppsData = {
  about: { name: 'Ada Marlowe', tagline: 'Maps that work offline.', bio: 'I build mapping tools.', location: 'Porto' },
  now: { updated: '2026-11-08', items: ['Shipping map notes.', 'Learning Portuguese.'] },
  projects: [
    {
      title: 'Tilepress',
      summary: 'Packs tiles.',
      tags: ['rust', 'maps'],
      category: 'oss',
      url: 'https://x.example/tp',
      year: 2021,
    },
    { title: 'Murmur', summary: 'A CRDT library.', tags: ['typescript', 'crdt'], category: 'oss' },
    { title: 'Slackwater', summary: 'Sync engine.', tags: ['Rust', 'crdt'], category: 'professional' },
  ],
  books: [
    { title: 'Lines on Water', author: 'Iris Calloway', note: 'Sea charts.', status: 'favourite' },
    { title: 'The Quiet Network', author: 'Hana Okafor', status: 'reading' },
  ],
  musings: [{ title: 'Offline first', date: '2026-09-14', summary: 'Why.', url: 'https://ada.example.com/offline' }],
  uses: [{ category: 'Desk', items: ['A split keyboard', 'A notebook'] }],
  talks: [{ title: 'Muddy boots', event: 'Harbour JS', date: '2026-10-09', url: 'https://ada.example.com/talk' }],
  contact: { email: 'ada@example.com', links: [{ label: 'Code', url: 'https://code.example.org/ada' }] },
};

function call(app: string, params: Record<string, string> = {}): ToolCall {
  return { app, params, source: 'router' };
}

function render(app: string, data: AppsData | undefined = apps, params: Record<string, string> = {}): HTMLElement {
  const card = renderBuiltInCard(call(app, params), data);
  if (!card) throw new Error(`no card for ${app}`);
  return card;
}

const texts = (card: HTMLElement, selector: string) =>
  [...card.querySelectorAll(selector)].map((node) => node.textContent);

describe('renderBuiltInCard', () => {
  it('renders every standard app as a classed, labelled light-DOM card', () => {
    for (const app of ['projects', 'books', 'musings', 'about', 'now', 'uses', 'talks', 'contact']) {
      const card = render(app);
      expect(card.classList.contains('twin-card'), app).to.be.true;
      expect(card.classList.contains(`twin-card--${app}`), app).to.be.true;
      expect(card.getAttribute('aria-label'), app).to.be.a('string').and.not.empty;
      expect(card.shadowRoot, app).to.be.null;
    }
  });

  it('returns null for an unknown app, missing data or an empty list', () => {
    expect(renderBuiltInCard(call('weather'), apps)).to.be.null;
    expect(renderBuiltInCard(call('constructor'), apps)).to.be.null;
    expect(renderBuiltInCard(call('books'), undefined)).to.be.null;
    expect(renderBuiltInCard(call('books'), { projects: [] })).to.be.null;
    expect(renderBuiltInCard(call('contact'), { contact: { links: [] } })).to.be.null;
    expect(renderBuiltInCard(call('now'), { now: { updated: '2026-01-01', items: [] } })).to.be.null;
  });

  it('shows each app’s fields', () => {
    expect(texts(render('books'), '.twin-card__name')).to.deep.equal(['Lines on Water', 'The Quiet Network']);
    expect(render('books').textContent).to.contain('by Iris Calloway').and.contain('reading now').and.contain('Sea');
    expect(render('about').textContent).to.contain('Ada Marlowe').and.contain('Porto').and.contain('I build mapping');
    expect(texts(render('now'), '.twin-card__item')).to.deep.equal(['Shipping map notes.', 'Learning Portuguese.']);
    expect(render('now').querySelector('time')?.dateTime).to.equal('2026-11-08');
    expect(texts(render('uses'), '.twin-card__subitem')).to.deep.equal(['A split keyboard', 'A notebook']);
    expect(render('talks').textContent).to.contain('Muddy boots').and.contain('Harbour JS');
    expect(render('musings').querySelector('time')?.dateTime).to.equal('2026-09-14');
    expect(texts(render('projects'), '.twin-card__tag').slice(0, 2)).to.deep.equal(['rust', 'maps']);
  });

  it('isolates every piece of data text (dir="auto"), so a right-to-left override cannot reorder its line', () => {
    const rtl = { ...apps, books: [{ title: '\u202Eevil title', author: 'سارة', status: 'read' as const }] };
    const card = render('books', rtl);
    const title = card.querySelector('.twin-card__name')!;
    expect(title.getAttribute('dir')).to.equal('auto');
    for (const app of ['about', 'now', 'projects', 'books', 'musings', 'uses', 'talks', 'contact']) {
      const shown = [...render(app).querySelectorAll('*')].filter(
        (node) => node.childElementCount === 0 && node.textContent,
      );
      expect(shown.length, app).to.be.greaterThan(0);
      for (const node of shown) expect(node.getAttribute('dir'), `${app}: ${node.textContent}`).to.equal('auto');
    }
  });

  it('links http(s) and mailto URLs safely', () => {
    const contact = render('contact');
    const [mail, code] = [...contact.querySelectorAll('a')];
    expect(mail?.href).to.equal('mailto:ada@example.com');
    expect(code?.href).to.equal('https://code.example.org/ada');
    expect(code?.rel).to.equal('noopener noreferrer');
    expect(render('musings').querySelector('a')?.href).to.equal('https://ada.example.com/offline');
  });

  describe('projects filters', () => {
    const names = (params: Record<string, string>) => texts(render('projects', apps, params), '.twin-card__name');

    it('shows all projects without params', () => {
      expect(names({})).to.deep.equal(['Tilepress', 'Murmur', 'Slackwater']);
    });
    it('filters by tag, case-insensitively', () => {
      expect(names({ tag: 'rust' })).to.deep.equal(['Tilepress', 'Slackwater']);
      expect(names({ tag: 'CRDT' })).to.deep.equal(['Murmur', 'Slackwater']);
    });
    it('filters by category', () => {
      expect(names({ category: 'oss' })).to.deep.equal(['Tilepress', 'Murmur']);
      expect(names({ category: 'professional' })).to.deep.equal(['Slackwater']);
    });
    it('combines tag and category, and names the filter in the title', () => {
      const card = render('projects', apps, { tag: 'rust', category: 'oss' });
      expect(texts(card, '.twin-card__name')).to.deep.equal(['Tilepress']);
      expect(card.querySelector('.twin-card__title')?.textContent).to.equal('Open-source projects tagged “rust”');
    });
    it('says so when nothing matches', () => {
      const card = render('projects', apps, { tag: 'cobol' });
      expect(card.querySelector('.twin-card__item')).to.be.null;
      expect(card.querySelector('.twin-card__empty')).to.exist;
    });
  });

  describe('hostile data renders inert', () => {
    const script = '<script>window.__pwned = 1</script>';
    const img = '<img src=x onerror="window.__pwned = 1">';
    const hostile: AppsData = {
      books: [{ title: script, author: img, note: '<b>bold</b>' }],
      projects: [{ title: img, summary: script, tags: [script], category: 'oss', url: 'javascript:window.__pwned=1' }],
      contact: {
        email: '<svg onload="window.__pwned=1">',
        links: [
          { label: 'js', url: 'javascript:window.__pwned=1' },
          { label: 'js-spaced', url: '  JavaScript:window.__pwned=1' },
          { label: 'js-tab', url: 'java\tscript:window.__pwned=1' },
          { label: 'data', url: 'data:text/html,<script>window.__pwned=1</script>' },
          { label: 'relative', url: '/admin' },
          { label: 'protocol-relative', url: '//evil.example/x' },
        ],
      },
    };

    it('keeps markup in app data as text, with no elements created from it', async () => {
      const cards = ['books', 'projects', 'contact'].map((app) => render(app, hostile));
      document.body.append(...cards);
      for (const card of cards) expect(card.querySelector('script, img, svg, b'), card.className).to.be.null;
      expect(cards[0]?.querySelector('.twin-card__name')?.textContent).to.equal(script);
      expect(cards[1]?.querySelector('.twin-card__name')?.textContent).to.equal(img);
      // Give any injected handler the chance to run before checking that none did.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((window as { __pwned?: number }).__pwned).to.be.undefined;
      cards.forEach((card) => card.remove());
    });

    it('shows unsafe URLs as plain text, never as links', () => {
      const contact = render('contact', hostile);
      // Only the email becomes a link: mailto: is safe whatever the address says.
      expect([...contact.querySelectorAll('a')].map((a) => a.protocol)).to.deep.equal(['mailto:']);
      expect(texts(contact, 'span.twin-card__link')).to.deep.equal([
        'js',
        'js-spaced',
        'js-tab',
        'data',
        'relative',
        'protocol-relative',
      ]);
      expect(render('projects', hostile).querySelector('a')).to.be.null;
    });

    it('survives malformed data by showing less instead of throwing', () => {
      const malformed = {
        projects: [null, 'nope', { title: 'Ok', summary: 1, tags: 'rust', category: 'oss' }],
        books: 'not a list',
        now: { items: [{}, 'Real item'] },
        about: { name: { html: '<b>x</b>' }, bio: 'Bio.' },
      } as unknown as AppsData;
      expect(texts(render('projects', malformed), '.twin-card__name')).to.deep.equal(['Ok']);
      expect(render('projects', malformed, { tag: 'rust' }).querySelector('.twin-card__empty')).to.exist;
      expect(renderBuiltInCard(call('books'), malformed)).to.be.null;
      expect(texts(render('now', malformed), '.twin-card__item')).to.deep.equal(['Real item']);
      expect(render('about', malformed).querySelector('.twin-card__name')?.textContent).to.equal('');
    });
  });

  it('adds its default stylesheet to the document once, at zero specificity', () => {
    render('books');
    render('talks');
    const sheets = document.adoptedStyleSheets.filter((sheet) =>
      [...sheet.cssRules].some((rule) => rule.cssText.includes('.twin-card__title')),
    );
    expect(sheets).to.have.length(1);
    expect([...(sheets[0]?.cssRules ?? [])].every((rule) => rule.cssText.startsWith(':where('))).to.be.true;
  });
});
