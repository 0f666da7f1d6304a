import { int, type Reader } from '../db/database.js';
import { CURATED_REASON, comparesReason, curatedNeighbourReason, pathSentence, sharedConceptReason, type RankedPath } from './related-reasons.js';
import { toComparison, comparisonProjection, type ComparisonRow, type RawComparison } from './comparisons.js';
import { CONCEPT_FIELDS, conceptProjection, statementPerFields, type ConceptField, type ConceptRow } from './concepts.js';
import { relationTypeLabel, type RelationType } from './vocabulary.js';

/**
 * Related topics, ranked inside Neo4j by one bounded statement per request.
 *
 * A candidate's score is a degree-weighted path count (Himmelstein & Baranzini's DWPC, the
 * form Hetionet uses): every path of one or two relations from the concept asked about adds
 * its type weights, damped by the degrees of the concepts it passes through and ends on, so a
 * neighbour shared through a concept with 10k relations says less than one shared through a
 * concept with 5. Siblings under a small parent outrank siblings under a large one, which is
 * what information content measured before, without reading the hierarchy.
 *
 * The work is bounded whatever a concept's degree: at most {@link RANKING_BOUNDS}.firstHop
 * relations are read from it, only the `expanded` least connected neighbours are followed,
 * `secondHop` relations from each, and only the best `candidates` are damped by their own
 * degree; comparisons and their curated links are read up to `firstHop` each. Nothing is cached, so a write shows in the next answer, on every instance.
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
  /** Relations read from each followed neighbour. */
  secondHop: 32,
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

/**
 * Rows `y, score, paths` for the concepts related to the concept bound to `x`, best first:
 * `paths` are the three heaviest ways of reaching `y`. A two-step path keeps the concept it
 * passes through as a node, read ({@link readablePath}) only for the paths that are shown.
 */
const CANDIDATES = `
  CALL (x) {
    MATCH (x)-[r${TYPES}]-(z:Concept) WHERE z <> x
    WITH r, z LIMIT $bounds.firstHop
    WITH type(r) AS type, startNode(r) = x AS out, z, COUNT { (z)--() } AS degree
    ORDER BY degree, z.slug
    RETURN collect({type: type, out: out, z: z, degree: degree}) AS hop1
  }
  CALL (x, hop1) {
    UNWIND hop1 AS h
    RETURN h.z AS y, $w.direct * $w.types[h.type] AS weight, {type: h.type, out: h.out} AS path
    UNION ALL
    MATCH (x)<-[:COMPARES]-(cmp:Comparison)-[:COMPARES]->(y:Concept) WHERE y <> x
    RETURN y, $w.compared AS weight, {compared: cmp.title} AS path LIMIT $bounds.firstHop
    UNION ALL
    UNWIND hop1[..$bounds.expanded] AS h
    WITH h, h.z AS z
    CALL (x, z) {
      MATCH (z)-[r${TYPES}]-(y:Concept) WHERE y <> x AND y <> z
      RETURN type(r) AS nextType, startNode(r) = z AS nextOut, y LIMIT $bounds.secondHop
    }
    RETURN y, $w.twoStep * $w.types[h.type] * $w.types[nextType] / h.degree ^ (2 * $w.damping) AS weight,
           {type: h.type, out: h.out, z: z, nextType: nextType, nextOut: nextOut} AS path
  }
  WITH x, y, weight, path ORDER BY weight DESC
  WITH x, y, sum(weight) AS raw, collect(path)[..3] AS paths
  ORDER BY raw DESC LIMIT $bounds.candidates
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

const rounded = (score: number) => Math.round(score * 1000) / 1000;
/** The first three distinct sentences. */
const topReasons = (reasons: string[]) => [...new Set(reasons)].slice(0, 3);

export class RelatedRanking {
  constructor(
    private readonly db: RankingReader,
    private readonly weights: RankingWeights = RANKING_WEIGHTS,
  ) {}

  private params(slugs: readonly string[], first: number) {
    return { slugs, first: int(first), w: this.weights, bounds: RANKING_BOUNDS_PARAM };
  }

  private conceptQuery(fields: readonly ConceptField[]): string {
    // The reasons name the related concept: its name is always read.
    return conceptRelatedQueryFor(CONCEPT_FIELDS.filter((field) => field === 'name' || fields.includes(field)));
  }

  /**
   * Concepts and comparisons ranked by how related they are to each concept of `slugs`, and
   * that concept's own row, in one statement; of each related concept the row holds its slug,
   * name and `fields`.
   */
  async forConcepts(slugs: readonly string[], first: number, fields: readonly ConceptField[] = CONCEPT_FIELDS): Promise<RelatedOfConcept[]> {
    const rows = await this.db.read<{
      slug: string;
      concept: ConceptRow;
      concepts: { concept: ConceptRow; score: number; paths: RankedPath[] }[];
      comparisons: { comparison: RawComparison; other: string; score: number }[];
    }>(this.conceptQuery(fields), this.params(slugs, first));
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    return slugs.map((slug) => {
      const row = bySlug.get(slug);
      if (!row) return { concept: null, topics: [] };
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
      const topics = ranked
        .sort((a, b) => b.score - a.score || a.topic.slug.localeCompare(b.topic.slug))
        .slice(0, first)
        .map((entry) => ({ ...entry, score: rounded(entry.score), reasons: topReasons(entry.reasons) }));
      return { concept: row.concept, topics };
    });
  }

  /**
   * Has Neo4j plan both ranking statements now (for no concept at all), so that the first
   * reader does not wait for it: on a fresh JVM planning them takes a second or two.
   */
  async prepare(): Promise<void> {
    // The full rows, and the slug and name a list of links reads.
    await Promise.all([this.forConcepts([], 1), this.forConcepts([], 1, ['name']), this.forComparisons([], 1)]);
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
