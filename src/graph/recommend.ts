import { RELATION_TYPES, type RelationType } from './vocabulary.js';

/**
 * Related-topic recommendations computed from the graph's structure. Pure functions over a
 * {@link GraphSnapshot}, so the server, the evaluation script and the unit tests all run the
 * same ranking; the snapshot comes from Neo4j (recommendations-repository.ts) or from seed
 * files (the evaluation).
 */

export interface SnapshotEdge {
  other: string;
  type: RelationType;
  /** True when the concept the edge is stored under is the subject. */
  out: boolean;
}

export interface GraphSnapshot {
  names: Map<string, string>;
  adjacency: Map<string, SnapshotEdge[]>;
  comparisons: Map<string, { title: string; concepts: string[] }>;
  comparisonsByConcept: Map<string, string[]>;
  /** Curated RELATED_TO links, both ways. */
  curated: Map<string, Set<string>>;
  /** Filled on demand: IS_A ancestors (up to four steps) and descendant counts. */
  ancestry: { ancestors: Map<string, Set<string>>; descendants: Map<string, number> };
}

export interface SnapshotInput {
  concepts: { slug: string; name: string }[];
  relations: { from: string; type: RelationType; to: string }[];
  comparisons: { slug: string; title: string; concepts: string[]; related: string[] }[];
}

export function buildSnapshot(input: SnapshotInput): GraphSnapshot {
  const names = new Map(input.concepts.map((concept) => [concept.slug, concept.name]));
  const adjacency = new Map<string, SnapshotEdge[]>();
  const push = (slug: string, edge: SnapshotEdge) => {
    const list = adjacency.get(slug);
    if (list) list.push(edge);
    else adjacency.set(slug, [edge]);
  };
  for (const relation of input.relations) {
    if (relation.from === relation.to || !names.has(relation.from) || !names.has(relation.to)) continue;
    push(relation.from, { other: relation.to, type: relation.type, out: true });
    push(relation.to, { other: relation.from, type: relation.type, out: false });
  }
  const comparisons = new Map(input.comparisons.map((c) => [c.slug, { title: c.title, concepts: c.concepts }]));
  const comparisonsByConcept = new Map<string, string[]>();
  const curated = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = curated.get(a);
    if (set) set.add(b);
    else curated.set(a, new Set([b]));
  };
  for (const comparison of input.comparisons) {
    for (const concept of comparison.concepts) {
      comparisonsByConcept.set(concept, [...(comparisonsByConcept.get(concept) ?? []), comparison.slug]);
    }
    for (const related of comparison.related) {
      if (!comparisons.has(related)) continue;
      link(comparison.slug, related);
      link(related, comparison.slug);
    }
  }
  return { names, adjacency, comparisons, comparisonsByConcept, curated, ancestry: { ancestors: new Map(), descendants: new Map() } };
}

export interface Weights {
  /** A curated RELATED_TO link between two comparisons. */
  curated: number;
  /** Each concept two comparisons share. */
  sharedConcept: number;
  /** A relation straight between two concepts (times its type weight). */
  direct: number;
  /** A shared neighbour, Adamic–Adar style: rarer neighbours count more. */
  commonNeighbor: number;
  /** A path of three relations, damped by the degrees along it. */
  threeStep: number;
  /**
   * The most informative IS_A ancestor two concepts share (Resnik): information content
   * -log(share of concepts under it), scaled to 0..1; counts once ontologies give depth.
   */
  sharedAncestor: number;
  /** How much each relation type says about relatedness. */
  types: Record<RelationType, number>;
}

/**
 * Chosen by `npm run eval:related` (docs/related-evaluation.md): the grid's best recall and
 * MRR with curated links hidden (three-step paths measured no gain on the seed graph, so
 * they are off). The shared-ancestor weight ties at 0 and 2 on the seed graph, whose IS_A
 * hierarchy is shallow; it is kept at 2 for imported ontologies, where it has depth, and is
 * not yet measured there. The type weights favour relations that say what a thing does or
 * makes over generic ones.
 */
export const DEFAULT_WEIGHTS: Weights = {
  curated: 100,
  sharedConcept: 8,
  direct: 2,
  commonNeighbor: 0.5,
  threeStep: 0,
  sharedAncestor: 2,
  types: {
    CAPABLE_OF: 1.5,
    PRODUCES: 1.5,
    IS_A: 1.2,
    DEVELOPS_FROM: 1.2,
    PART_OF: 1,
    HAS_PART: 1,
    AFFECTS: 1,
    INVOLVES: 0.8,
    OCCURS_IN: 0.7,
    LOCATED_IN: 0.7,
    OTHER: 0.3,
  },
};

export type TopicRef = { kind: 'CONCEPT' | 'COMPARISON'; slug: string };

export interface RankedTopic {
  topic: TopicRef;
  score: number;
  reasons: string[];
}

interface Scored {
  score: number;
  /** Reasons with the weight they carried, strongest kept first. */
  reasons: { text: string; weight: number }[];
}

const name = (snapshot: GraphSnapshot, slug: string) => snapshot.names.get(slug) ?? slug;

function lowerName(snapshot: GraphSnapshot, slug: string): string {
  const text = name(snapshot, slug);
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** The phrase of an edge read from the concept it is stored under. */
function phrase(edge: SnapshotEdge): string {
  const info = RELATION_TYPES[edge.type];
  return edge.out ? info.reads : info.inverse;
}

/** "is carried out by" → "are carried out by", "produces" → "produce". */
export function plural(verbPhrase: string): string {
  const [verb, ...rest] = verbPhrase.split(' ');
  const irregular: Record<string, string> = { is: 'are', has: 'have' };
  const plain = irregular[verb!] ?? (verb!.endsWith('s') && !verb!.endsWith('ss') ? verb!.slice(0, -1) : verb!);
  return [plain, ...rest].join(' ');
}

/** "are a kind of" → "are both a kind of", "affect" → "both affect". */
function both(verbPhrase: string): string {
  return /^(are|have) /.test(verbPhrase) ? verbPhrase.replace(/^(are|have) /, '$1 both ') : `both ${verbPhrase}`;
}

const ANCESTOR_STEPS = 4;

function ancestorsOf(snapshot: GraphSnapshot, slug: string): Set<string> {
  const known = snapshot.ancestry.ancestors.get(slug);
  if (known) return known;
  const found = new Set<string>();
  let frontier = [slug];
  for (let step = 0; step < ANCESTOR_STEPS && frontier.length; step += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of snapshot.adjacency.get(id) ?? []) {
        if (edge.type === 'IS_A' && edge.out && !found.has(edge.other) && edge.other !== slug) {
          found.add(edge.other);
          next.push(edge.other);
        }
      }
    }
    frontier = next;
  }
  snapshot.ancestry.ancestors.set(slug, found);
  return found;
}

/** How many concepts sit under `slug` through IS_A (each counted once). */
function descendantCount(snapshot: GraphSnapshot, slug: string): number {
  const known = snapshot.ancestry.descendants.get(slug);
  if (known !== undefined) return known;
  const seen = new Set<string>();
  const stack = [slug];
  while (stack.length) {
    const id = stack.pop()!;
    for (const edge of snapshot.adjacency.get(id) ?? []) {
      if (edge.type === 'IS_A' && !edge.out && !seen.has(edge.other)) {
        seen.add(edge.other);
        stack.push(edge.other);
      }
    }
  }
  snapshot.ancestry.descendants.set(slug, seen.size);
  return seen.size;
}

/** The most informative shared IS_A ancestor, with its information content scaled to 0..1. */
export function sharedAncestor(snapshot: GraphSnapshot, x: string, y: string): { slug: string; information: number } | null {
  const ofY = ancestorsOf(snapshot, y);
  const total = Math.max(snapshot.names.size, 2);
  let best: { slug: string; information: number } | null = null;
  for (const ancestor of ancestorsOf(snapshot, x)) {
    if (!ofY.has(ancestor)) continue;
    const information = -Math.log((descendantCount(snapshot, ancestor) + 1) / total) / Math.log(total);
    if (!best || information > best.information || (information === best.information && ancestor < best.slug)) {
      best = { slug: ancestor, information };
    }
  }
  return best;
}

function degree(snapshot: GraphSnapshot, slug: string): number {
  return snapshot.adjacency.get(slug)?.length ?? 0;
}

/** How related two concepts are, and why, from direct links, shared neighbours and short paths. */
export function conceptSimilarity(snapshot: GraphSnapshot, x: string, y: string, weights: Weights = DEFAULT_WEIGHTS): Scored {
  const result: Scored = { score: 0, reasons: [] };
  if (x === y) return result;
  const xEdges = snapshot.adjacency.get(x) ?? [];
  const yEdges = snapshot.adjacency.get(y) ?? [];

  for (const edge of xEdges) {
    if (edge.other !== y) continue;
    const weight = weights.direct * weights.types[edge.type];
    result.score += weight;
    result.reasons.push({ text: `${name(snapshot, x)} ${phrase(edge)} ${lowerName(snapshot, y)}`, weight });
  }

  const yByNeighbor = new Map<string, SnapshotEdge[]>();
  for (const edge of yEdges) yByNeighbor.set(edge.other, [...(yByNeighbor.get(edge.other) ?? []), edge]);
  for (const xEdge of xEdges) {
    const z = xEdge.other;
    if (z === y) continue;
    for (const yEdge of yByNeighbor.get(z) ?? []) {
      const weight = (weights.commonNeighbor * weights.types[xEdge.type] * weights.types[yEdge.type]) / Math.log(2 + degree(snapshot, z));
      result.score += weight;
      const same = xEdge.type === yEdge.type && xEdge.out === yEdge.out;
      const text = same
        ? `${name(snapshot, x)} and ${lowerName(snapshot, y)} ${both(plural(phrase(xEdge)))} ${lowerName(snapshot, z)}`
        : `${name(snapshot, x)} ${phrase(xEdge)} ${lowerName(snapshot, z)}, which ${phrase({ ...yEdge, out: !yEdge.out })} ${lowerName(snapshot, y)}`;
      result.reasons.push({ text, weight });
    }
  }

  if (weights.sharedAncestor > 0) {
    const ancestor = sharedAncestor(snapshot, x, y);
    if (ancestor && ancestor.information > 0) {
      const weight = weights.sharedAncestor * ancestor.information;
      result.score += weight;
      result.reasons.push({
        text: `${name(snapshot, x)} and ${lowerName(snapshot, y)} are both kinds of ${lowerName(snapshot, ancestor.slug)}`,
        weight,
      });
    }
  }

  if (weights.threeStep > 0) {
    const yNeighbors = new Set(yByNeighbor.keys());
    let paths = 0;
    for (const first of xEdges) {
      if (first.other === y) continue;
      for (const second of snapshot.adjacency.get(first.other) ?? []) {
        if (second.other === x || second.other === first.other || !yNeighbors.has(second.other)) continue;
        paths += 1 / Math.sqrt(degree(snapshot, first.other) * degree(snapshot, second.other));
      }
    }
    result.score += weights.threeStep * paths;
  }
  return result;
}

function finish(scored: Map<string, Scored & { topic: TopicRef }>, first: number): RankedTopic[] {
  return [...scored.values()]
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.topic.slug.localeCompare(b.topic.slug))
    .slice(0, first)
    .map((entry) => ({
      topic: entry.topic,
      score: Math.round(entry.score * 1000) / 1000,
      reasons: [...new Map(entry.reasons.sort((a, b) => b.weight - a.weight).map((reason) => [reason.text, reason])).keys()].slice(0, 3),
    }));
}

/** Other comparisons ranked by how related they are to comparison `slug`. */
export function recommendForComparison(
  snapshot: GraphSnapshot,
  slug: string,
  first: number,
  options: { weights?: Weights; useCurated?: boolean } = {},
): RankedTopic[] {
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const self = snapshot.comparisons.get(slug);
  if (!self) return [];
  const scored = new Map<string, Scored & { topic: TopicRef }>();
  for (const [other, comparison] of snapshot.comparisons) {
    if (other === slug) continue;
    const entry: Scored & { topic: TopicRef } = { topic: { kind: 'COMPARISON', slug: other }, score: 0, reasons: [] };
    if (options.useCurated !== false && snapshot.curated.get(slug)?.has(other)) {
      entry.score += weights.curated;
      entry.reasons.push({ text: 'curated as a related comparison', weight: weights.curated });
    }
    for (const concept of comparison.concepts) {
      if (self.concepts.includes(concept)) {
        entry.score += weights.sharedConcept;
        entry.reasons.push({ text: `shares the concept ${lowerName(snapshot, concept)}`, weight: weights.sharedConcept });
      }
    }
    for (const x of self.concepts) {
      for (const y of comparison.concepts) {
        if (self.concepts.includes(y) || comparison.concepts.includes(x)) continue;
        const similarity = conceptSimilarity(snapshot, x, y, weights);
        entry.score += similarity.score;
        entry.reasons.push(...similarity.reasons);
      }
    }
    scored.set(other, entry);
  }
  return finish(scored, first);
}

/** Concepts and comparisons ranked by how related they are to concept `slug`. */
export function recommendForConcept(snapshot: GraphSnapshot, slug: string, first: number, weights: Weights = DEFAULT_WEIGHTS): RankedTopic[] {
  if (!snapshot.names.has(slug)) return [];
  const scored = new Map<string, Scored & { topic: TopicRef }>();
  const candidates = new Set<string>();
  for (const edge of snapshot.adjacency.get(slug) ?? []) {
    candidates.add(edge.other);
    for (const next of snapshot.adjacency.get(edge.other) ?? []) candidates.add(next.other);
  }
  candidates.delete(slug);
  for (const other of candidates) {
    const similarity = conceptSimilarity(snapshot, slug, other, weights);
    scored.set(`concept:${other}`, { topic: { kind: 'CONCEPT', slug: other }, ...similarity });
  }
  for (const comparison of snapshot.comparisonsByConcept.get(slug) ?? []) {
    const { concepts } = snapshot.comparisons.get(comparison)!;
    const others = concepts.filter((concept) => concept !== slug);
    const entry: Scored & { topic: TopicRef } = {
      topic: { kind: 'COMPARISON', slug: comparison },
      score: weights.sharedConcept,
      reasons: others.map((other) => ({ text: `compares ${lowerName(snapshot, slug)} with ${lowerName(snapshot, other)}`, weight: weights.sharedConcept })),
    };
    for (const other of others) entry.score += conceptSimilarity(snapshot, slug, other, weights).score;
    scored.set(`comparison:${comparison}`, entry);
  }
  return finish(scored, first);
}
