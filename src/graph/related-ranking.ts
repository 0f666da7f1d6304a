import { int, type Reader } from '../db/database.js';
import { CURATED_REASON, comparesReason, curatedNeighbourReason, pathSentence, sharedConceptReason, type RankedPath } from './related-reasons.js';
import { toComparison, comparisonProjection, type ComparisonRow, type RawComparison } from './comparisons.js';
import { CONCEPT_FIELDS, conceptProjection, statementPerFields, type ConceptField, type ConceptRow } from './concepts.js';
import { RELATION_TYPE_NAMES, relationTypeLabel, type RelationType } from './vocabulary.js';
import { linkCode, linkOut, linkTarget, linkType, type ComparedEntry, type KeyEntry } from './search-index.js';

/**
 * Related topics, ranked by one bounded statement per request: inside Neo4j, or, for a
 * concept, over the relations search's index holds in memory ({@link rankInMemory}), with the
 * same arithmetic and the same answer, and one statement reading only the rows shown.
 *
 * A candidate's score is a degree-weighted path count (Himmelstein & Baranzini's DWPC, the
 * form Hetionet uses): every path of one or two relations from the concept asked about adds
 * its type weights, damped by the degrees of the concepts it passes through and ends on, so a
 * neighbour shared through a concept with 10k relations says less than one shared through a
 * concept with 5. Siblings under a small parent outrank siblings under a large one, which is
 * what information content measured before, without reading the hierarchy.
 *
 * The work is bounded whatever a concept's degree: at most {@link RANKING_BOUNDS}.firstHop
 * relations are read from it, only the `expanded` least connected neighbours are followed and
 * only those with at most `secondHop` relations (all of which are read: at most 32 × 64), and
 * only the best `candidates` are damped by their own degree; comparisons and their curated
 * links are read up to `firstHop` each. Nothing is cached, and the index's answers are checked
 * against the change log, so a write shows in the next answer, on every instance.
 */

export interface RankingWeights {
  /** A curated RELATED_TO link between two comparisons. */
  curated: number;
  /** Each concept two comparisons share. */
  sharedConcept: number;
  /** Two concepts compared with each other by a comparison. */
  compared: number;
  /** Each comparison linked as related to both (two steps along RELATED_TO). */
  curatedNeighbour: number;
  /** Times log(1 + its RELATED_TO links): overview comparisons that many others point to. */
  hubComparison: number;
  /** A relation straight between two concepts (times its type weight). */
  direct: number;
  /** A path of two relations (times both type weights). */
  twoStep: number;
  /** The exponent degrees are damped with: 0 counts paths plainly, 0.5 damps by the square root. */
  damping: number;
  /** How much each relation type says about relatedness. */
  types: Record<RelationType, number>;
}

/**
 * Chosen by `npm run eval:related` (docs/related-evaluation.md). The type weights favour
 * relations that say what a thing does or makes over generic ones.
 */
export const RANKING_WEIGHTS: RankingWeights = {
  curated: 100,
  sharedConcept: 8,
  compared: 2,
  curatedNeighbour: 4,
  hubComparison: 8,
  direct: 2,
  twoStep: 1,
  damping: 0.5,
  types: {
    CAPABLE_OF: 1.5,
    PRODUCES: 1.5,
    IS_A: 1.2,
    DEVELOPS_FROM: 1.2,
    PART_OF: 1,
    HAS_PART: 1,
    AFFECTS: 1,
    HAS_BASIS_IN: 1.2,
    POSITIVELY_REGULATES: 1.2,
    NEGATIVELY_REGULATES: 1.2,
    REGULATES: 1,
    INVOLVES: 0.8,
    OCCURS_IN: 0.7,
    LOCATED_IN: 0.7,
    OTHER: 0.3,
  },
};

/** How much of the graph one ranking may read, whatever the degrees involved. */
export const RANKING_BOUNDS = {
  /** Relations read from the concept asked about. */
  firstHop: 200,
  /** Neighbours followed one step further, the least connected first. */
  expanded: 32,
  /**
   * The most relations a followed neighbour may have; more connected ones are not followed.
   * Each two-step path through a neighbour is damped by its degree: through one with 64
   * relations it weighs at most 2.25 / 64, against 2–3 for a relation of the concept itself.
   */
  secondHop: 64,
  /** Candidates kept for damping by their own degree and for matching comparisons. */
  candidates: 200,
};

/** The bounds as Cypher integers (LIMIT and list slices refuse floats). */
const RANKING_BOUNDS_PARAM = Object.fromEntries(Object.entries(RANKING_BOUNDS).map(([key, value]) => [key, int(value)]));

/** The most comparisons of one concept that Concept.related considers. */
const MAX_COMPARISONS = 50;

/** A related concept or comparison, with the row the API shows of it (read by the same statement). */
export type TopicRef = { kind: 'CONCEPT'; slug: string; row: ConceptRow } | { kind: 'COMPARISON'; slug: string; row: ComparisonRow };

export interface RankedTopic {
  topic: TopicRef;
  score: number;
  reasons: string[];
}

/** The topics related to one concept, with the concept's own row (null when no concept has the slug). */
export interface RelatedOfConcept {
  concept: ConceptRow | null;
  topics: RankedTopic[];
}

const TYPES = relationTypeLabel(null);

/** '>' when the relation points away from the concept it is read from (`out`), else '<'. */
const arrow = (out: string) => `CASE WHEN ${out} THEN '>' ELSE '<' END`;

/**
 * Rows `y, score, paths` for the concepts related to the concept bound to `x`, best first:
 * `paths` are the three heaviest ways of reaching `y`. A two-step path keeps the concept it
 * passes through as a node, read ({@link readablePath}) only for the paths that are shown.
 *
 * Every order is total: neighbours by degree, slug, type and direction; paths of one weight by
 * a key naming them ({@link MemoryRanking.key}); candidates of one score by slug. So the answer depends on
 * the graph alone, and the ranking in memory ({@link rankInMemory}) can give the same one.
 */
const CANDIDATES = `
  CALL (x) {
    MATCH (x)-[r${TYPES}]-(z:Concept) WHERE z <> x
    WITH r, z LIMIT $bounds.firstHop
    WITH type(r) AS type, startNode(r) = x AS out, z, COUNT { (z)--() } AS degree
    ORDER BY degree, z.slug, type, out
    RETURN collect({type: type, out: out, z: z, degree: degree}) AS hop1
  }
  CALL (x, hop1) {
    UNWIND hop1 AS h
    RETURN h.z AS y, $w.direct * $w.types[h.type] AS weight, {type: h.type, out: h.out} AS path, 'd' + h.type + ${arrow('h.out')} AS key
    UNION ALL
    MATCH (x)<-[:COMPARES]-(cmp:Comparison)-[:COMPARES]->(y:Concept) WHERE y <> x
    RETURN y, $w.compared AS weight, {compared: cmp.title} AS path, 'c' + cmp.slug AS key LIMIT $bounds.firstHop
    UNION ALL
    UNWIND hop1[..$bounds.expanded] AS h
    WITH h, h.z AS z WHERE h.degree <= $bounds.secondHop
    CALL (x, z) {
      MATCH (z)-[r${TYPES}]-(y:Concept) WHERE y <> x AND y <> z
      RETURN type(r) AS nextType, startNode(r) = z AS nextOut, y
    }
    RETURN y, $w.twoStep * $w.types[h.type] * $w.types[nextType] / h.degree ^ (2 * $w.damping) AS weight,
           {type: h.type, out: h.out, z: z, nextType: nextType, nextOut: nextOut} AS path,
           't' + h.type + ${arrow('h.out')} + z.slug + ' ' + nextType + ${arrow('nextOut')} AS key
  }
  WITH x, y, weight, path ORDER BY weight DESC, key
  WITH x, y, sum(weight) AS raw, collect(path)[..3] AS paths
  ORDER BY raw DESC, y.slug LIMIT $bounds.candidates
  WITH x, y, raw / COUNT { (y)--() } ^ $w.damping AS score, paths
  ORDER BY score DESC, y.slug`;

/** A path of CANDIDATES as {@link RankedPath}: the concept it passes through, by slug and name. */
const readablePath = (path: string) =>
  `CASE WHEN ${path}.z IS NULL THEN ${path} ELSE ${path} {.type, .out, .nextType, .nextOut, via: ${path}.z.slug, viaName: ${path}.z.name} END`;

/** The statement for related concepts, reading `fields` of each related concept (slug and name always). */
const conceptRelatedQuery = (fields: readonly ConceptField[]) => `
  UNWIND $slugs AS slug
  MATCH (x:Concept {slug: slug})
  CALL (x) {
    ${CANDIDATES}
    RETURN collect({y: y, score: score, paths: paths}) AS candidates
  }
  CALL (candidates) {
    UNWIND candidates[..$first] AS candidate
    WITH candidate, candidate.y AS y
    RETURN collect({concept: ${conceptProjection('y', fields)}, score: candidate.score, paths: [path IN candidate.paths | ${readablePath('path')}]}) AS concepts
  }
  RETURN slug, ${conceptProjection('x')} AS concept, concepts,
         [(x)<-[:COMPARES]-(cmp:Comparison)-[:COMPARES]->(o:Concept) WHERE o <> x |
           {comparison: ${comparisonProjection('cmp')}, other: o.name, score: coalesce([c IN candidates WHERE c.y = o | c.score][0], 0.0)}
         ][..${MAX_COMPARISONS}] AS comparisons`;

/** {@link conceptRelatedQuery}, built once per set of fields. */
const conceptRelatedQueryFor = statementPerFields(conceptRelatedQuery);

export const COMPARISON_RELATED_QUERY = `
  UNWIND $slugs AS slug
  MATCH (c:Comparison {slug: slug})
  CALL (c) {
    MATCH (c)-[:RELATED_TO]-(o:Comparison) WHERE o <> c
    RETURN DISTINCT o, $w.curated AS weight, {kind: 'curated'} AS reason LIMIT $bounds.firstHop
    UNION ALL
    MATCH (c)-[:COMPARES]->(k:Concept)<-[:COMPARES]-(o:Comparison) WHERE o <> c
    RETURN o, $w.sharedConcept AS weight, {kind: 'shared', name: k.name} AS reason LIMIT $bounds.firstHop
    UNION ALL
    MATCH (c)-[:RELATED_TO]-(m:Comparison)-[:RELATED_TO]-(o:Comparison) WHERE o <> c
    WITH DISTINCT o, m LIMIT $bounds.firstHop
    RETURN o, $w.curatedNeighbour / log(2 + COUNT { (m)-[:RELATED_TO]-() }) AS weight, {kind: 'curatedNeighbour', title: m.title} AS reason
    UNION ALL
    MATCH (c)-[:COMPARES]->(x:Concept)
    ${CANDIDATES}
    WITH c, x, y, score, paths[0] AS best WHERE NOT (c)-[:COMPARES]->(y)
    MATCH (o:Comparison)-[:COMPARES]->(y) WHERE o <> c AND NOT (o)-[:COMPARES]->(x)
    RETURN o, score AS weight, {kind: 'concept', subject: x.name, candidate: y.name, path: ${readablePath('best')}} AS reason
  }
  WITH slug, o, weight, reason ORDER BY weight DESC
  WITH slug, o, sum(weight) AS score, collect(reason)[..8] AS reasons
  WITH slug, o, score + $w.hubComparison * log(1 + COUNT { (o)-[:RELATED_TO]-() }) AS score, reasons
  ORDER BY score DESC, o.slug
  WITH slug, collect({o: o, score: score, reasons: reasons})[..$first] AS ranked
  CALL (ranked) {
    UNWIND ranked AS entry
    WITH entry, entry.o AS o
    RETURN collect({comparison: ${comparisonProjection('o')}, score: entry.score, reasons: entry.reasons}) AS related
  }
  RETURN slug, related`;

type ComparisonReason =
  | { kind: 'curated' }
  | { kind: 'shared'; name: string }
  | { kind: 'curatedNeighbour'; title: string }
  | { kind: 'concept'; subject: string; candidate: string; path: RankedPath };

/** Anything that runs one read statement: the database, or a transaction (the evaluation's). */
export interface RankingReader {
  read: Reader;
}

/**
 * What the ranking in memory reads: search's index (search-index.ts), which holds every
 * concept's degree and relations and every comparison, and follows the change log.
 */
export interface RankingTopology {
  /** The change the topology (relations included) reflects; null while it is not all loaded. */
  readonly linkedSeq: number | null;
  /** Every concept id is below this. */
  readonly ids: number;
  entry(slug: string): RankingEntry | undefined;
  entryById(id: number): RankingEntry | undefined;
  comparisonsOf(slug: string): readonly ComparedEntry[];
  catchUp(): Promise<void>;
}

type RankingEntry = Pick<KeyEntry, 'id' | 'slug' | 'degree' | 'links' | 'cut'>;

/** A path as the ranking in memory keeps it: a two-step one names the concept it passes through by slug. */
type MemoryPath = { compared: string } | { type: RelationType; out: boolean } | { type: RelationType; out: boolean; via: string; nextType: RelationType; nextOut: boolean };

/** A relation of the concept asked about: its type and direction, and the neighbour (id, slug, degree). */
export interface FirstHop {
  type: RelationType;
  out: boolean;
  z: number;
  slug: string;
  degree: number;
}

export interface MemoryCandidate {
  slug: string;
  score: number;
  /** Its last path, as a row of the ranking: the rows of one candidate are chained. */
  last: number;
}

const arrowOf = (out: boolean) => (out ? '>' : '<');
const bySlug = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The first `k` of `items` in the order `before` gives, in that order: a selection that keeps
 * `k` in place and compares each other item with the last kept, where a sort would order them
 * all. For a small `k` (the topics shown, the neighbours followed).
 */
export function selectFirst<T>(items: Iterable<T>, k: number, before: (a: T, b: T) => boolean): T[] {
  const top: T[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    const full = top.length === k;
    if (full && !before(item, top[k - 1]!)) continue;
    // In place of the last when full (it drops out), else after it; then up past the later ones.
    let at = full ? k - 1 : top.length;
    for (; at > 0 && before(item, top[at - 1]!); at -= 1) top[at] = top[at - 1]!;
    top[at] = item;
  }
  return top;
}

/**
 * The `k` candidates of highest raw score, ties by slug, in no order: the raw scores alone are
 * sorted (a typed array, no comparator) to find the k-th, and only the candidates tied with it
 * are put in order of slug.
 */
function highestRaw<T extends { raw: number; y: { slug: string } }>(summed: T[], k: number): T[] {
  if (summed.length <= k) return summed;
  const raws = new Float64Array(summed.length);
  for (let i = 0; i < summed.length; i += 1) raws[i] = summed[i]!.raw;
  raws.sort();
  const threshold = raws[summed.length - k]!;
  const kept = summed.filter((entry) => entry.raw > threshold);
  const tied = summed.filter((entry) => entry.raw === threshold);
  if (tied.length > k - kept.length) tied.sort((a, b) => bySlug(a.y.slug, b.y.slug));
  for (let i = 0; kept.length < k; i += 1) kept.push(tied[i]!);
  return kept;
}

/**
 * Per concept id, the last row that reached it, valid where `stamp` holds the current ranking's
 * number: one pair of arrays for every ranking (they run one at a time, synchronously), so a
 * ranking touches only the concepts it reaches and allocates nothing per concept.
 */
const reached = { last: new Int32Array(0), stamp: new Int32Array(0), current: 0 };

function newRanking(ids: number): number {
  if (reached.last.length < ids || reached.current === 0x7fffffff) {
    const size = Math.max(ids, Math.ceil(reached.last.length * 1.5), 1024);
    reached.last = new Int32Array(size);
    reached.stamp = new Int32Array(size);
    reached.current = 0;
  }
  return (reached.current += 1);
}

/**
 * What {@link rankInMemory} found: the candidates and the paths that reach them, one row each.
 * Only the candidates shown are put in order, and only their paths are built as objects.
 */
export class MemoryRanking {
  /** Per row: the path's weight. */
  readonly weight: number[] = [];
  /** Per row: the neighbour the path leaves by (its place in `hop1`); -1 for a comparison. */
  readonly hop: number[] = [];
  /** Per row: the second relation's link code, -1 for a direct relation; for a comparison, its place in `comparisons`. */
  readonly next: number[] = [];
  /** Per row: the candidate's previous row, -1 for its first. */
  readonly previous: number[] = [];
  /** Every candidate kept, in no order. */
  readonly candidates: MemoryCandidate[] = [];

  constructor(
    readonly hop1: readonly FirstHop[],
    readonly comparisons: readonly ComparedEntry[],
  ) {}

  add(weight: number, hop: number, next: number, previous: number): number {
    this.weight.push(weight);
    this.hop.push(hop);
    this.next.push(next);
    this.previous.push(previous);
    return this.weight.length - 1;
  }

  rows(last: number): number[] {
    const rows: number[] = [];
    for (let row = last; row !== -1; row = this.previous[row]!) rows.push(row);
    return rows;
  }

  path(row: number): MemoryPath {
    const next = this.next[row]!;
    if (this.hop[row] === -1) return { compared: this.comparisons[next]!.title };
    const { type, out, slug } = this.hop1[this.hop[row]!]!;
    return next === -1 ? { type, out } : { type, out, via: slug, nextType: linkType(next), nextOut: linkOut(next) };
  }

  /** The key {@link CANDIDATES} orders paths of one weight by. */
  key(row: number): string {
    const next = this.next[row]!;
    if (this.hop[row] === -1) return `c${this.comparisons[next]!.slug}`;
    const { type, out, slug } = this.hop1[this.hop[row]!]!;
    return next === -1 ? `d${type}${arrowOf(out)}` : `t${type}${arrowOf(out)}${slug} ${linkType(next)}${arrowOf(linkOut(next))}`;
  }

  /** The best `first` candidates, in order (score, then slug): a selection, as the rest are not shown. */
  best(first: number): MemoryCandidate[] {
    return selectFirst(this.candidates, first, (a, b) => a.score > b.score || (a.score === b.score && a.slug < b.slug));
  }

  /** A candidate's three heaviest paths, ties broken by key: its reasons. */
  paths(candidate: MemoryCandidate): MemoryPath[] {
    const rows = this.rows(candidate.last).sort((a, b) => this.weight[b]! - this.weight[a]! || bySlug(this.key(a), this.key(b)));
    return rows.slice(0, 3).map((row) => this.path(row));
  }
}

/**
 * The neighbours followed one step further, as places in `hop1`: the `expanded` least connected
 * of those with at most `secondHop` relations, by degree, slug, type and direction as Neo4j
 * orders them. Degrees are counted, not sorted: all neighbours below the degree where the
 * `expanded`-th falls are followed, and only those at that degree are put in order. The order
 * of the rest changes no sum and no tie (those go by key).
 */
export function followedHops(hop1: readonly FirstHop[], bounds: typeof RANKING_BOUNDS): number[] {
  const counts = new Int32Array(bounds.secondHop + 1);
  for (const h of hop1) if (h.degree <= bounds.secondHop) counts[h.degree]! += 1;
  let below = 0;
  let degree = 0;
  for (; degree <= bounds.secondHop && below + counts[degree]! <= bounds.expanded; degree += 1) below += counts[degree]!;
  const followed: number[] = [];
  const tied: number[] = [];
  hop1.forEach((h, at) => {
    if (h.degree < degree) followed.push(at);
    else if (h.degree === degree && degree <= bounds.secondHop) tied.push(at);
  });
  const before = (i: number, j: number) => {
    const a = hop1[i]!;
    const b = hop1[j]!;
    return (bySlug(a.slug, b.slug) || bySlug(a.type, b.type) || Number(a.out) - Number(b.out)) < 0;
  };
  return followed.concat(selectFirst(tied, bounds.expanded - below, before));
}

/**
 * {@link CANDIDATES} over a topology held in memory: the same paths, weights, sums and orders,
 * so the same candidates, scores and paths. A hub's first `firstHop` relations are those the
 * topology holds: the first as Neo4j reads them (see {@link KeyEntry.links}). Null when memory
 * cannot tell what Neo4j's LIMIT keeps: the topology holds a number of a concept's relations
 * other than the `firstHop` read, or the concept has more than `firstHop` comparison partners.
 * Null too when the concept is not in the topology, or a concept it reaches is missing from it
 * or has no relations held there.
 */
export function rankInMemory(
  topology: Pick<RankingTopology, 'ids' | 'entry' | 'entryById' | 'comparisonsOf'>,
  slug: string,
  weights: RankingWeights = RANKING_WEIGHTS,
  bounds = RANKING_BOUNDS,
): MemoryRanking | null {
  const x = topology.entry(slug);
  const links = x?.links;
  // All of its relations, no more than the bound; or the first of more, exactly as many as the bound.
  if (!x || !links || (x.cut ? links.length !== bounds.firstHop : links.length > bounds.firstHop)) return null;
  const hop1: FirstHop[] = [];
  for (let i = 0; i < links.length; i += 1) {
    const z = topology.entryById(linkTarget(links[i]!));
    if (!z) return null;
    const code = linkCode(links[i]!);
    hop1.push({ type: linkType(code), out: linkOut(code), z: z.id, slug: z.slug, degree: z.degree });
  }
  const followed = followedHops(hop1, bounds);
  const comparisons = topology.comparisonsOf(slug);
  const ranking = new MemoryRanking(hop1, comparisons);
  const current = newRanking(topology.ids);
  const { last, stamp } = reached;
  const touched: number[] = [];
  const add = (y: number, weight: number, hop: number, next: number) => {
    if (stamp[y] !== current) {
      stamp[y] = current;
      last[y] = -1;
      touched.push(y);
    }
    last[y] = ranking.add(weight, hop, next, last[y]!);
  };
  hop1.forEach((h, at) => add(h.z, weights.direct * weights.types[h.type], at, -1));
  let compared = 0;
  for (let at = 0; at < comparisons.length; at += 1) {
    for (const other of comparisons[at]!.concepts) {
      if (other === slug) continue;
      const y = topology.entry(other);
      if (!y || (compared += 1) > bounds.firstHop) return null;
      add(y.id, weights.compared, -1, at);
    }
  }
  // A link's type weight by its code (the type's place in the vocabulary), not by its name.
  const typeWeight = RELATION_TYPE_NAMES.map((type) => weights.types[type]);
  for (const at of followed) {
    const h = hop1[at]!;
    const z = topology.entryById(h.z)!;
    const zLinks = z.links;
    if (!zLinks || z.cut) return null;
    const first = weights.twoStep * weights.types[h.type];
    const damped = h.degree ** (2 * weights.damping);
    for (let i = 0; i < zLinks.length; i += 1) {
      const y = linkTarget(zLinks[i]!);
      if (y === x.id || y === z.id) continue;
      const next = linkCode(zLinks[i]!);
      add(y, (first * typeWeight[next >> 1]!) / damped, at, next);
    }
  }
  const summed: { y: RankingEntry; raw: number; last: number }[] = [];
  const pathWeights: number[] = [];
  for (const id of touched) {
    const y = topology.entryById(id);
    if (!y) return null;
    pathWeights.length = 0;
    for (let row = last[id]!; row !== -1; row = ranking.previous[row]!) pathWeights.push(ranking.weight[row]!);
    // Neo4j adds a candidate's paths heaviest first; among equal weights the order leaves the sum as it is.
    if (pathWeights.length > 2) pathWeights.sort((a, b) => b - a);
    let raw = 0;
    for (const weight of pathWeights) raw += weight;
    summed.push({ y, raw, last: last[id]! });
  }
  // Only the `candidates` best by raw score are damped by their own degree.
  for (const { y, raw, last: row } of highestRaw(summed, bounds.candidates)) ranking.candidates.push({ slug: y.slug, score: raw / y.degree ** weights.damping, last: row });
  return ranking;
}

/**
 * The statement behind the ranking in memory: of each concept asked about, its row, the rows of
 * the candidates shown and its comparisons; the names of the concepts shown paths pass through;
 * and the last change the database holds, to compare with the one the topology reflects.
 */
const memoryRowsQuery = statementPerFields(
  (fields) => `
  OPTIONAL MATCH (log:ChangeLog {id: 'graph'})
  CALL () {
    UNWIND $asked AS asked
    MATCH (x:Concept {slug: asked.slug})
    CALL (asked) {
      UNWIND asked.top AS top
      MATCH (y:Concept {slug: top})
      RETURN collect(${conceptProjection('y', fields)}) AS concepts
    }
    RETURN collect({slug: asked.slug, concept: ${conceptProjection('x')}, concepts: concepts,
      comparisons: [(x)<-[:COMPARES]-(cmp:Comparison)-[:COMPARES]->(o:Concept) WHERE o <> x |
        {comparison: ${comparisonProjection('cmp')}, other: o.name, otherSlug: o.slug}][..${MAX_COMPARISONS}]}) AS rows
  }
  CALL () {
    UNWIND $vias AS via
    MATCH (z:Concept {slug: via})
    RETURN collect([via, z.name]) AS vias
  }
  RETURN coalesce(log.seq, 0) AS seq, rows, vias`,
);

/** One concept's answer as both statements give it, before concepts and comparisons are merged. */
interface RelatedRows {
  concept: ConceptRow;
  concepts: { concept: ConceptRow; score: number; paths: RankedPath[] }[];
  comparisons: { comparison: RawComparison; other: string; score: number }[];
}

const rounded = (score: number) => Math.round(score * 1000) / 1000;
/** The first three distinct sentences. */
const topReasons = (reasons: string[]) => [...new Set(reasons)].slice(0, 3);

export class RelatedRanking {
  /** With a `topology` (search's index, followed by the server), concepts are ranked in memory when it can tell what Neo4j would read. */
  constructor(
    private readonly db: RankingReader,
    private readonly weights: RankingWeights = RANKING_WEIGHTS,
    private readonly topology: RankingTopology | null = null,
  ) {}

  private params(slugs: readonly string[], first: number) {
    return { slugs, first: int(first), w: this.weights, bounds: RANKING_BOUNDS_PARAM };
  }

  /** The reasons name the related concept: its name is always read. */
  private conceptFields(fields: readonly ConceptField[]): ConceptField[] {
    return CONCEPT_FIELDS.filter((field) => field === 'name' || fields.includes(field));
  }

  private conceptQuery(fields: readonly ConceptField[]): string {
    return conceptRelatedQueryFor(this.conceptFields(fields));
  }

  /**
   * Concepts and comparisons ranked by how related they are to each concept of `slugs`, and
   * that concept's own row, in one statement; of each related concept the row holds its slug,
   * name and `fields`.
   */
  async forConcepts(slugs: readonly string[], first: number, fields: readonly ConceptField[] = CONCEPT_FIELDS): Promise<RelatedOfConcept[]> {
    const rows = (await this.inMemory(slugs, first, fields)) ?? (await this.inNeo4j(slugs, first, fields));
    return slugs.map((slug) => {
      const row = rows.get(slug);
      return row ? { concept: row.concept, topics: this.topics(row, first) } : { concept: null, topics: [] };
    });
  }

  private async inNeo4j(slugs: readonly string[], first: number, fields: readonly ConceptField[]): Promise<Map<string, RelatedRows>> {
    const rows = await this.db.read<RelatedRows & { slug: string }>(this.conceptQuery(fields), this.params(slugs, first));
    return new Map(rows.map((row) => [row.slug, row]));
  }

  /**
   * The answer ranked over the topology in memory, with only the rows shown read from Neo4j; null
   * (rank in Neo4j) when there is no topology or it is not loaded, {@link rankInMemory} cannot
   * rank one of the concepts, or the database holds a change the topology has not applied: an
   * answer never lags a write, on this instance or another.
   */
  private async inMemory(slugs: readonly string[], first: number, fields: readonly ConceptField[]): Promise<Map<string, RelatedRows> | null> {
    const topology = this.topology;
    const seq = topology?.linkedSeq ?? null;
    if (!topology || seq === null || !slugs.length) return null;
    const shown = new Map<string, { ranking: MemoryRanking; top: { candidate: MemoryCandidate; paths: MemoryPath[] }[] }>();
    const vias = new Set<string>();
    for (const slug of slugs) {
      const ranking = rankInMemory(topology, slug, this.weights);
      if (!ranking) return null;
      const top = ranking.best(first).map((candidate) => ({ candidate, paths: ranking.paths(candidate) }));
      for (const { paths } of top) for (const path of paths) if ('via' in path) vias.add(path.via);
      shown.set(slug, { ranking, top });
    }
    const asked = slugs.map((slug) => ({ slug, top: shown.get(slug)!.top.map(({ candidate }) => candidate.slug) }));
    const [answer] = await this.db.read<{
      seq: number;
      rows: { slug: string; concept: ConceptRow; concepts: ConceptRow[]; comparisons: { comparison: RawComparison; other: string; otherSlug: string }[] }[];
      vias: [string, string][];
    }>(memoryRowsQuery(this.conceptFields(fields)), { asked, vias: [...vias] });
    const names = new Map(answer?.vias ?? []);
    // A write the topology has not applied yet: this answer may be out of date.
    if (!answer || Number(answer.seq) !== seq || names.size !== vias.size || answer.rows.length !== slugs.length || answer.rows.some((row) => row.concepts.length !== shown.get(row.slug)!.top.length)) {
      void topology.catchUp();
      return null;
    }
    const rows = new Map<string, RelatedRows>();
    for (const row of answer.rows) {
      const { ranking, top } = shown.get(row.slug)!;
      const scoreOf = (slug: string) => ranking.candidates.find((candidate) => candidate.slug === slug)?.score ?? 0;
      rows.set(row.slug, {
        concept: row.concept,
        concepts: row.concepts.map((concept, at) => ({
          concept,
          score: top[at]!.candidate.score,
          paths: top[at]!.paths.map((path) => ('via' in path ? { ...path, viaName: names.get(path.via)! } : path)),
        })),
        comparisons: row.comparisons.map(({ comparison, other, otherSlug }) => ({ comparison, other, score: scoreOf(otherSlug) })),
      });
    }
    return rows;
  }

  /** Concepts and comparisons, merged into one ranking: the best `first`, with up to three reasons each. */
  private topics(row: RelatedRows, first: number): RankedTopic[] {
    const name = row.concept.name;
    const ranked: RankedTopic[] = row.concepts.map(({ concept, score, paths }) => ({
      topic: { kind: 'CONCEPT', slug: concept.slug, row: concept },
      score,
      reasons: paths.map((path) => pathSentence(name, concept.name, path)),
    }));
    for (const { comparison, other, score } of row.comparisons) {
      ranked.push({
        topic: { kind: 'COMPARISON', slug: comparison.slug, row: toComparison(comparison) },
        score: this.weights.sharedConcept + score,
        reasons: [comparesReason(name, other)],
      });
    }
    return ranked
      .sort((a, b) => b.score - a.score || a.topic.slug.localeCompare(b.topic.slug))
      .slice(0, first)
      .map((entry) => ({ ...entry, score: rounded(entry.score), reasons: topReasons(entry.reasons) }));
  }

  /**
   * Has Neo4j plan the ranking statements, and the one reading the rows of a ranking made in
   * memory, now (for no concept at all), so that the first reader does not wait for it: on a
   * fresh JVM planning them takes a second or two.
   */
  async prepare(): Promise<void> {
    // The full rows, and the slug and name a list of links reads.
    const memoryRows = (fields: readonly ConceptField[]) => this.db.read(memoryRowsQuery(this.conceptFields(fields)), { asked: [], vias: [] });
    await Promise.all([
      this.forConcepts([], 1),
      this.forConcepts([], 1, ['name']),
      this.forComparisons([], 1),
      memoryRows(CONCEPT_FIELDS),
      memoryRows(['name']),
    ]);
  }

  async forConcept(slug: string, first: number, fields?: readonly ConceptField[]): Promise<RankedTopic[]> {
    return (await this.forConcepts([slug], first, fields))[0]!.topics;
  }

  /** Other comparisons ranked by how related they are to each comparison of `slugs`, in one statement. */
  async forComparisons(slugs: readonly string[], first: number): Promise<RankedTopic[][]> {
    const rows = await this.db.read<{ slug: string; related: { comparison: RawComparison; score: number; reasons: ComparisonReason[] }[] }>(
      COMPARISON_RELATED_QUERY,
      this.params(slugs, first),
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row.related]));
    return slugs.map((slug) =>
      (bySlug.get(slug) ?? []).map((entry) => ({
        topic: { kind: 'COMPARISON', slug: entry.comparison.slug, row: toComparison(entry.comparison) },
        score: rounded(entry.score),
        reasons: topReasons(entry.reasons.map(comparisonSentence)),
      })),
    );
  }

  async forComparison(slug: string, first: number): Promise<RankedTopic[]> {
    return (await this.forComparisons([slug], first))[0]!;
  }
}

function comparisonSentence(reason: ComparisonReason): string {
  switch (reason.kind) {
    case 'curated':
      return CURATED_REASON;
    case 'shared':
      return sharedConceptReason(reason.name);
    case 'curatedNeighbour':
      return curatedNeighbourReason(reason.title);
    case 'concept':
      return pathSentence(reason.subject, reason.candidate, reason.path);
  }
}
