/**
 * What the explorer shows, as one value: the focus and how far around it, what the user
 * expanded, collapsed, hid and paged open, what is selected, which panel is open and what it
 * asks. Every change makes a new View and a history entry; the URL holds the View exactly, so
 * Back, Forward, undo, redo and a reloaded link all come down to "draw this View". Pure: no
 * DOM, so it is unit-tested in Node.
 */

export const PANELS = ['details', 'hierarchy', 'paths', 'compare'] as const;
export type Panel = (typeof PANELS)[number];
export const MAX_DEPTH = 3;

export interface View {
  /** The concept drawn at the centre. */
  concept: string | null;
  /** Rings drawn around the focus: 1 draws its neighbours, 2 theirs too, … */
  depth: number;
  /** Relation types followed; null for all of them. */
  types: string[] | null;
  /** Concepts whose neighbours are drawn beyond the rings. */
  expanded: string[];
  /** Concepts within the rings whose neighbours are not drawn. */
  collapsed: string[];
  /** Concepts left out. */
  hidden: string[];
  /** Groups of neighbours ("N more") paged open: group key → pages. */
  more: Record<string, number>;
  selected: string | null;
  panel: Panel;
  /** The path finder's ends and the ranked connection highlighted. */
  from: string | null;
  to: string | null;
  path: number;
  /** Two concepts compared side by side. */
  a: string | null;
  b: string | null;
  /** A curated comparison opened by its slug. */
  comparison: string | null;
  /** The canvas drawn as an accessible list instead. */
  list: boolean;
}

export const EMPTY_VIEW: View = {
  concept: null,
  depth: 1,
  types: null,
  expanded: [],
  collapsed: [],
  hidden: [],
  more: {},
  selected: null,
  panel: 'details',
  from: null,
  to: null,
  path: 0,
  a: null,
  b: null,
  comparison: null,
  list: false,
};

/** A group of a concept's neighbours: the concept, a relation type and a side. */
export const groupKey = (slug: string, type: string, direction: string) => `${slug}~${type}~${direction}`;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TYPE = /^[A-Z_]+$/;
const MAX_LISTED = 200;

const list = (value: string | null, valid: RegExp) =>
  [...new Set((value ?? '').split(',').map((item) => item.trim()).filter((item) => valid.test(item)))].slice(0, MAX_LISTED);

/**
 * The View a URL's query describes. Anything malformed is left out rather than refused: a
 * hand-edited link still draws what it can. `knownTypes` are the relation types the vocabulary has.
 */
export function viewFromQuery(query: string, knownTypes: readonly string[]): View {
  const params = new URLSearchParams(query);
  const text = (name: string) => params.get(name)?.trim().slice(0, 200) || null;
  const slug = (name: string) => {
    const value = text(name);
    return value && SLUG.test(value) ? value : null;
  };
  const depth = Number(params.get('depth'));
  const types = params.has('types') ? list(params.get('types'), TYPE).filter((type) => knownTypes.includes(type)) : null;
  const more: Record<string, number> = {};
  for (const entry of list(params.get('more'), /^[a-z0-9-]+~[A-Z_]+~(OUT|IN)~\d{1,3}$/)) {
    const [slugPart, type, direction, pages] = entry.split('~') as [string, string, string, string];
    if (SLUG.test(slugPart) && knownTypes.includes(type) && Number(pages) > 0) more[groupKey(slugPart, type, direction)] = Number(pages);
  }
  const panel = params.get('panel');
  const path = Number(params.get('path'));
  return {
    concept: slug('concept'),
    depth: Number.isInteger(depth) && depth >= 1 && depth <= MAX_DEPTH ? depth : 1,
    types: types && types.length > 0 && types.length < knownTypes.length ? types : null,
    expanded: list(params.get('expand'), SLUG),
    collapsed: list(params.get('collapse'), SLUG),
    hidden: list(params.get('hide'), SLUG),
    more,
    selected: slug('select'),
    panel: (PANELS as readonly string[]).includes(panel ?? '') ? (panel as Panel) : params.has('from') ? 'paths' : params.has('a') ? 'compare' : 'details',
    from: text('from'),
    to: text('to'),
    path: Number.isInteger(path) && path >= 0 && path < 50 ? path : 0,
    a: text('a'),
    b: text('b'),
    comparison: slug('comparison'),
    list: params.get('list') === '1',
  };
}

/** The URL query of a View: only what differs from the empty view, in a fixed order. */
export function queryOfView(view: View): string {
  const params = new URLSearchParams();
  const set = (name: string, value: string | null | undefined) => {
    if (value) params.set(name, value);
  };
  set('concept', view.concept);
  if (view.depth !== 1) set('depth', String(view.depth));
  set('types', view.types?.join(','));
  set('expand', view.expanded.join(','));
  set('collapse', view.collapsed.join(','));
  set('hide', view.hidden.join(','));
  set(
    'more',
    Object.entries(view.more)
      .filter(([, pages]) => pages > 0)
      .map(([key, pages]) => `${key}~${pages}`)
      .join(','),
  );
  set('select', view.selected);
  if (view.panel !== 'details') set('panel', view.panel);
  set('from', view.from);
  set('to', view.to);
  if (view.path) set('path', String(view.path));
  set('a', view.a);
  set('b', view.b);
  set('comparison', view.comparison);
  if (view.list) set('list', '1');
  const query = params.toString().replace(/%2C/g, ',').replace(/%7E/gi, '~');
  return query ? `?${query}` : '';
}

// --- the changes a user makes, each a new View ------------------------------------------------

const without = (items: string[], item: string) => items.filter((other) => other !== item);
const adding = (items: string[], item: string) => (items.includes(item) ? items : [...items, item]);

/** Draws `slug` at the centre, afresh: expansions, collapses and pages of the old focus go. */
export function recentre(view: View, slug: string): View {
  return { ...view, concept: slug, expanded: [], collapsed: [], more: {}, hidden: without(view.hidden, slug), selected: slug };
}

/** Draws the neighbours of `slug` too. */
export function expand(view: View, slug: string): View {
  return { ...view, expanded: adding(view.expanded, slug), collapsed: without(view.collapsed, slug), hidden: without(view.hidden, slug), selected: slug };
}

/** Stops drawing the neighbours of `slug` (those reached only through it go with them). */
export function collapse(view: View, slug: string): View {
  const more = Object.fromEntries(Object.entries(view.more).filter(([key]) => !key.startsWith(`${slug}~`)));
  return { ...view, expanded: without(view.expanded, slug), collapsed: adding(view.collapsed, slug), more, selected: slug };
}

/** Leaves `slug` out of the drawing. The focus cannot be hidden. */
export function hide(view: View, slug: string): View {
  if (slug === view.concept) return view;
  return { ...view, hidden: adding(view.hidden, slug), expanded: without(view.expanded, slug), selected: view.selected === slug ? null : view.selected };
}

/** Opens one more page of a group of neighbours. */
export function openMore(view: View, key: string): View {
  return { ...view, more: { ...view.more, [key]: (view.more[key] ?? 0) + 1 } };
}

export function sameView(a: View, b: View): boolean {
  return queryOfView(a) === queryOfView(b);
}
