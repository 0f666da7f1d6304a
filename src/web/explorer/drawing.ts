import { words } from '../text.js';
import { groupKey, type View } from './view.js';

/**
 * From a View and what has been read so far, the drawing: which concepts and relations, which
 * groups of neighbours stand as one "N more" node, and what still has to be read. Pure, so
 * the grouping rules are unit-tested without a browser.
 *
 * A concept's neighbours come in groups, one per relation type and side. A group of up to
 * GROUP_THRESHOLD is drawn whole; a bigger one shows its first GROUP_SHOWN and an "N more"
 * node, each page opened adds PAGE more. The drawing stops growing at MAX_NODES concepts.
 */
export const GROUP_THRESHOLD = 8;
export const GROUP_SHOWN = 6;
export const PAGE = 20;
export const MAX_NODES = 600;
/** Relations read with a neighbourhood before any group is paged. */
export const FIRST_READ = 100;

export interface ConceptSummary {
  slug: string;
  name: string;
  kind: string;
}
export interface LoadedRelation {
  type: string;
  from: ConceptSummary;
  to: ConceptSummary;
  /** The relation's cursor in its concept's `relations` order. */
  cursor: string;
}
export interface RelationCount {
  type: string;
  direction: 'OUT' | 'IN';
  count: number;
}
export interface Neighbourhood {
  concept: ConceptSummary;
  counts: RelationCount[];
  /** The first FIRST_READ relations, in the server's order (type, side, other concept). */
  relations: LoadedRelation[];
}

/** What has been read, for one choice of relation types. */
export class Store {
  readonly neighbourhoods = new Map<string, Neighbourhood>();
  /** Relations of a group read by paging, after those of the neighbourhood. */
  readonly pages = new Map<string, LoadedRelation[]>();
  /** Concepts read some other way (a path), for their names and kinds. */
  readonly concepts = new Map<string, ConceptSummary>();

  /** A group's relations read so far, in order. */
  loaded(slug: string, type: string, direction: 'OUT' | 'IN'): LoadedRelation[] {
    const first = (this.neighbourhoods.get(slug)?.relations ?? []).filter(
      (relation) => relation.type === type && (direction === 'OUT' ? relation.from.slug === slug : relation.to.slug === slug && relation.from.slug !== slug),
    );
    return [...first, ...(this.pages.get(groupKey(slug, type, direction)) ?? [])];
  }

  addPage(key: string, relations: LoadedRelation[]): void {
    const known = this.pages.get(key) ?? [];
    const seen = new Set(known.map((relation) => relation.cursor));
    this.pages.set(key, [...known, ...relations.filter((relation) => !seen.has(relation.cursor))]);
  }

  concept(slug: string): ConceptSummary | undefined {
    return this.neighbourhoods.get(slug)?.concept ?? this.concepts.get(slug);
  }
}

export type Need =
  | { kind: 'neighbourhood'; slug: string }
  | { kind: 'page'; key: string; slug: string; type: string; direction: 'OUT' | 'IN'; after: string | null; first: number };

export interface DrawnNode {
  id: string;
  label: string;
  kind: string;
  /** Rings from the focus (0 for the focus). */
  ring: number;
  expanded: boolean;
  /** For an "N more" node: the group it stands for. */
  more?: { key: string; owner: string; type: string; direction: 'OUT' | 'IN'; remaining: number };
}
export interface DrawnEdge {
  id: string;
  source: string;
  target: string;
  type: string;
}
export interface Drawing {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
  /** True when MAX_NODES cut the drawing short. */
  truncated: boolean;
  /** Neighbours left out because the user hid them. */
  hiddenCount: number;
}

/** Extra elements drawn whatever the grouping: the path the user picked. */
export interface Pinned {
  concepts: ConceptSummary[];
  relations: { type: string; from: string; to: string }[];
}

export const edgeId = (from: string, type: string, to: string) => `${from}|${type}|${to}`;
export const moreNodeId = (key: string) => `more:${key}`;

/** The label of an "N more" node: how many, and how they are related to its concept. */
export function moreLabel(remaining: number, type: string, direction: 'OUT' | 'IN'): string {
  return `${remaining.toLocaleString('en')} more · ${direction === 'OUT' ? `${words(type)} →` : `← ${words(type)}`}`;
}

export function plan(view: View, store: Store, pinned: Pinned | null = null): { drawing: Drawing; needs: Need[] } {
  const nodes = new Map<string, DrawnNode>();
  const edges = new Map<string, DrawnEdge>();
  const needs: Need[] = [];
  const hidden = new Set(view.hidden);
  const collapsed = new Set(view.collapsed);
  const expanded = new Set(view.expanded);
  let truncated = false;
  let hiddenCount = 0;
  const drawing = () => ({ nodes: [...nodes.values()], edges: [...edges.values()], truncated, hiddenCount });
  const addNode = (concept: ConceptSummary, ring: number) => {
    nodes.set(concept.slug, { id: concept.slug, label: concept.name, kind: concept.kind, ring, expanded: false });
  };
  const focus = view.concept ? store.concept(view.concept) : undefined;
  if (view.concept && !focus) needs.push({ kind: 'neighbourhood', slug: view.concept });
  if (focus) addNode(focus, 0);

  const queue = focus ? [focus.slug] : [];
  while (queue.length) {
    const slug = queue.shift()!;
    const node = nodes.get(slug)!;
    if (collapsed.has(slug) || !(node.ring < view.depth || expanded.has(slug))) continue;
    const neighbourhood = store.neighbourhoods.get(slug);
    if (!neighbourhood) {
      needs.push({ kind: 'neighbourhood', slug });
      continue;
    }
    node.expanded = true;
    for (const { type, direction, count } of neighbourhood.counts) {
      const key = groupKey(slug, type, direction);
      const loaded = store.loaded(slug, type, direction);
      const wanted = count <= GROUP_THRESHOLD ? count : Math.min(count, GROUP_SHOWN + PAGE * (view.more[key] ?? 0));
      if (loaded.length < wanted) {
        needs.push({ kind: 'page', key, slug, type, direction, after: loaded.at(-1)?.cursor ?? null, first: Math.min(FIRST_READ, wanted - loaded.length) });
      }
      const shown = loaded.slice(0, wanted);
      for (const relation of shown) {
        const other = relation.from.slug === slug ? relation.to : relation.from;
        if (hidden.has(other.slug)) {
          hiddenCount++;
          continue;
        }
        if (!nodes.has(other.slug)) {
          if (nodes.size >= MAX_NODES) {
            truncated = true;
            continue;
          }
          addNode(other, node.ring + 1);
          queue.push(other.slug);
        }
        const id = edgeId(relation.from.slug, relation.type, relation.to.slug);
        edges.set(id, { id, source: relation.from.slug, target: relation.to.slug, type: relation.type });
      }
      const remaining = count - wanted;
      if (remaining > 0) {
        const id = moreNodeId(key);
        nodes.set(id, { id, label: moreLabel(remaining, type, direction), kind: 'MORE', ring: node.ring + 1, expanded: false, more: { key, owner: slug, type, direction, remaining } });
        const edge = direction === 'OUT' ? { source: slug, target: id } : { source: id, target: slug };
        edges.set(`${key}|more`, { id: `${key}|more`, ...edge, type });
      }
    }
  }
  if (pinned) {
    for (const concept of pinned.concepts) if (!nodes.has(concept.slug)) addNode(concept, 1);
    for (const relation of pinned.relations) {
      const id = edgeId(relation.from, relation.type, relation.to);
      edges.set(id, { id, source: relation.from, target: relation.to, type: relation.type });
    }
  }
  return { drawing: drawing(), needs };
}
