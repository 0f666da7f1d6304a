import { int, type Database } from '../db/database.js';
import type { AspectRow } from './comparisons.js';
import { conceptProjection, type ConceptRow } from './concepts.js';
import { chain, HIERARCHY_TYPES, MAX_HIERARCHY_DEPTH } from './hierarchy.js';
import { capitalise, inSentence, phrase, plural } from './related-reasons.js';
import { KIND_INFO, type RelationType } from './vocabulary.js';

/**
 * Any two concepts side by side, built from the graph: what each is related to (by relation
 * type and direction), what they share and where they differ, their nearest common ancestor,
 * and a similarity with the reasons behind it. The reading is one statement; the rest is pure
 * ({@link compareProfiles}), so tests pin pairs to their tables and sentences.
 */

/** Neighbours read per concept and direction: a hub's thousands are counted, not listed. */
const MAX_LISTED = 200;
/** Names in one table cell before "and N more". */
const CELL_NAMES = 5;

export interface Neighbour {
  type: RelationType;
  /** True when the profiled concept is the subject. */
  out: boolean;
  slug: string;
  name: string;
}

export interface ConceptProfile {
  concept: ConceptRow;
  neighbours: Neighbour[];
  /** Relations per "OUT:TYPE" / "IN:TYPE", counted in full even when not all are listed. */
  degree: Record<string, number>;
  ancestors: { slug: string; name: string; distance: number }[];
}

export interface ComparedFact {
  /** The table row's name: "Develops from", "Gives rise to". */
  name: string;
  type: RelationType;
  out: boolean;
  /** Concepts both are related to this way (shared facts), or each one's own (differences). */
  both: { slug: string; name: string }[];
  onlyFirst: { slug: string; name: string }[];
  onlySecond: { slug: string; name: string }[];
  sentence: string;
}

export interface ConceptComparisonResult {
  concepts: [ConceptRow, ConceptRow];
  title: string;
  aspects: AspectRow[];
  shared: ComparedFact[];
  differences: ComparedFact[];
  commonAncestor: { slug: string; name: string; distances: [number, number] } | null;
  /** 0 (nothing in common) to 1 (the same relations, kind and place in the hierarchy). */
  similarity: number;
  reasons: string[];
  /** The comparison told in sentences, as a teacher would. */
  sentences: string[];
}

/** Relation types in the order a reader wants them: what it is, where from, what it does, where. */
const ORDER: RelationType[] = [
  'IS_A', 'PART_OF', 'HAS_PART', 'DEVELOPS_FROM', 'CAPABLE_OF', 'PRODUCES', 'OCCURS_IN', 'LOCATED_IN',
  'INVOLVES', 'HAS_BASIS_IN', 'AFFECTS', 'POSITIVELY_REGULATES', 'NEGATIVELY_REGULATES', 'REGULATES',
];

/** "is a kind of" → "A kind of"; "develops from" → "Develops from". */
const rowName = (type: RelationType, out: boolean) => capitalise(phrase(type, out).replace(/^is /, ''));

function listNames(names: readonly string[], total = names.length): string {
  const shown = names.slice(0, CELL_NAMES).map(inSentence);
  const more = total - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

const kindName = (concept: ConceptRow) => KIND_INFO[concept.kind].noun[0];
const kindNames = (concept: ConceptRow) => KIND_INFO[concept.kind].noun[1];
const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);

export function compareProfiles(first: ConceptProfile, second: ConceptProfile): ConceptComparisonResult {
  const [a, b] = [first.concept, second.concept];
  const groups = new Map<string, { type: RelationType; out: boolean; a: Map<string, string>; b: Map<string, string> }>();
  /** Relations between the two, per side and group: counted in `degree`, but not facts to compare on. */
  const between = { a: new Map<string, number>(), b: new Map<string, number>() };
  for (const [side, profile] of [['a', first], ['b', second]] as const) {
    for (const neighbour of profile.neighbours) {
      const key = `${neighbour.out ? 'OUT' : 'IN'}:${neighbour.type}`;
      // Each other is not a fact to compare on: "osteoblast gives rise to osteocyte" says how they relate, below.
      if (neighbour.slug === a.slug || neighbour.slug === b.slug) {
        between[side].set(key, (between[side].get(key) ?? 0) + 1);
        continue;
      }
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { type: neighbour.type, out: neighbour.out, a: new Map(), b: new Map() }));
      group[side].set(neighbour.slug, neighbour.name);
    }
  }
  const ordered = [...groups.entries()].sort(([, x], [, y]) => ORDER.indexOf(x.type) - ORDER.indexOf(y.type) || Number(y.out) - Number(x.out));

  const shared: ComparedFact[] = [];
  const differences: ComparedFact[] = [];
  const aspects: AspectRow[] = [{ name: 'Kind', values: [capitalise(kindName(a)), capitalise(kindName(b))] }];
  if (a.definition || b.definition) aspects.push({ name: 'Definition', values: [a.definition ?? '—', b.definition ?? '—'] });
  for (const [key, group] of ordered) {
    const pick = (map: Map<string, string>, keep: (slug: string) => boolean) => [...map].filter(([slug]) => keep(slug)).map(([slug, name]) => ({ slug, name }));
    const both = pick(group.a, (slug) => group.b.has(slug));
    const onlyFirst = pick(group.a, (slug) => !group.b.has(slug));
    const onlySecond = pick(group.b, (slug) => !group.a.has(slug));
    const name = rowName(group.type, group.out);
    const totalA = Math.max((first.degree[key] ?? 0) - (between.a.get(key) ?? 0), group.a.size);
    const totalB = Math.max((second.degree[key] ?? 0) - (between.b.get(key) ?? 0), group.b.size);
    aspects.push({ name, values: [listNames([...group.a.values()], totalA) || '—', listNames([...group.b.values()], totalB) || '—'] });
    const verb = phrase(group.type, group.out);
    /** "has the subtype" → "has the subtypes" before a list. */
    const verbFor = (count: number) => (count > 1 ? verb.replace(/ the subtype$/, ' the subtypes') : verb);
    if (both.length) {
      const sentence = `${a.name} and ${inSentence(b.name)} both ${plural(verb)} ${listNames(both.map((x) => x.name))}.`;
      shared.push({ name, type: group.type, out: group.out, both, onlyFirst: [], onlySecond: [], sentence: capitalise(sentence.replace(/ both are /, ' are both ')) });
    }
    if (onlyFirst.length || onlySecond.length) {
      const says = (concept: ConceptRow, own: { name: string }[], total: number) =>
        `${concept.name} ${verbFor(total - both.length)} ${listNames(own.map((x) => x.name), total - both.length)}`;
      const sentence =
        onlyFirst.length && onlySecond.length
          ? `${says(a, onlyFirst, totalA)}, whereas ${inSentence(says(b, onlySecond, totalB))}.`
          : onlyFirst.length
            ? `${says(a, onlyFirst, totalA)}; the graph records nothing of the sort for ${inSentence(b.name)}.`
            : `${says(b, onlySecond, totalB)}; the graph records nothing of the sort for ${inSentence(a.name)}.`;
      differences.push({ name, type: group.type, out: group.out, both: [], onlyFirst, onlySecond, sentence: capitalise(sentence) });
    }
  }

  const commonAncestor = nearestCommonAncestor(first, second);
  const direct = first.neighbours.filter((neighbour) => neighbour.slug === b.slug);

  // Similarity: shared facts over all facts (Jaccard), the same kind, and how close the common ancestor is.
  const factsA = new Set(ordered.flatMap(([key, group]) => [...group.a.keys()].map((slug) => `${key}>${slug}`)));
  const factsB = new Set(ordered.flatMap(([key, group]) => [...group.b.keys()].map((slug) => `${key}>${slug}`)));
  const common = [...factsA].filter((fact) => factsB.has(fact)).length;
  const union = new Set([...factsA, ...factsB]).size;
  const jaccard = union ? common / union : 0;
  const sameKind = a.kind === b.kind;
  const closeness = commonAncestor ? 1 / (commonAncestor.distances[0] + commonAncestor.distances[1]) : 0;
  const similarity = Math.round((0.6 * jaccard + 0.2 * (sameKind ? 1 : 0) + 0.2 * closeness) * 1000) / 1000;
  const reasons = [
    `${common} of ${union} related concepts in common`,
    sameKind ? `both are ${kindNames(a)}` : `different kinds: ${article(kindName(a))} and ${article(kindName(b))}`,
    commonAncestor
      ? `nearest common ancestor ${inSentence(commonAncestor.name)}, ${commonAncestor.distances[0] + commonAncestor.distances[1]} steps apart through it`
      : 'no common ancestor over is-a and part-of',
  ];

  const sentences: string[] = [];
  sentences.push(
    sameKind
      ? `${a.name} and ${inSentence(b.name)} are both ${kindNames(a)}.`
      : `${a.name} is ${article(kindName(a))}, whereas ${inSentence(b.name)} is ${article(kindName(b))}.`,
  );
  for (const relation of direct) sentences.push(`${a.name} ${phrase(relation.type, relation.out)} ${inSentence(b.name)}.`);
  const sharedNames = new Set(shared.flatMap((fact) => fact.both.map((x) => x.slug)));
  if (commonAncestor && ![a.slug, b.slug].includes(commonAncestor.slug) && !sharedNames.has(commonAncestor.slug)) {
    sentences.push(`Both come under ${inSentence(commonAncestor.name)}.`);
  }
  sentences.push(...shared.map((fact) => fact.sentence), ...differences.map((fact) => fact.sentence));

  return {
    concepts: [a, b],
    title: `${capitalise(a.name)} vs ${capitalise(b.name)}`,
    aspects,
    shared,
    differences,
    commonAncestor,
    similarity,
    reasons,
    sentences: sentences.map(capitalise),
  };
}

/** The ancestor (or one of the two themselves) with the shortest route through it, then the nearer to either, then by slug. */
function nearestCommonAncestor(first: ConceptProfile, second: ConceptProfile): ConceptComparisonResult['commonAncestor'] {
  const up = (profile: ConceptProfile) =>
    new Map([[profile.concept.slug, { name: profile.concept.name, distance: 0 }], ...profile.ancestors.map((x) => [x.slug, { name: x.name, distance: x.distance }] as const)]);
  const [upA, upB] = [up(first), up(second)];
  let best: ConceptComparisonResult['commonAncestor'] = null;
  for (const [slug, { name, distance }] of upA) {
    const other = upB.get(slug);
    if (!other) continue;
    const candidate = { slug, name, distances: [distance, other.distance] as [number, number] };
    const total = (x: NonNullable<typeof best>) => x.distances[0] + x.distances[1];
    if (!best || total(candidate) < total(best) || (total(candidate) === total(best) && slug < best.slug)) best = candidate;
  }
  return best;
}

export class ConceptComparisonRepository {
  constructor(private readonly db: Database) {}

  /** Profiles of the given concepts, in order; null for an unknown slug. One statement. */
  async profiles(slugs: readonly string[]): Promise<(ConceptProfile | null)[]> {
    const rows = await this.db.read<ConceptProfile & { slug: string; counts: { key: string; n: number }[] }>(
      `UNWIND $slugs AS slug
       MATCH (c:Concept {slug: slug})
       CALL (c) {
         MATCH (c)-[r]-(o:Concept) WHERE type(r) <> 'OTHER' AND o <> c
         WITH r, o, startNode(r) = c AS out
         ORDER BY out DESC, type(r), o.name
         LIMIT $limit
         RETURN collect({type: type(r), out: out, slug: o.slug, name: o.name}) AS neighbours
       }
       CALL (c) {
         MATCH (c)-[r]-(o:Concept) WHERE type(r) <> 'OTHER'
         WITH CASE WHEN startNode(r) = c THEN 'OUT:' ELSE 'IN:' END + type(r) AS key, count(*) AS n
         RETURN collect({key: key, n: n}) AS counts
       }
       CALL (c) {
         OPTIONAL MATCH p = (c)${chain('UP', HIERARCHY_TYPES, MAX_HIERARCHY_DEPTH)}(a:Concept)
         WITH a, min(length(p)) AS distance
         WHERE a IS NOT NULL AND a <> c
         RETURN collect({slug: a.slug, name: a.name, distance: distance}) AS ancestors
       }
       RETURN slug, ${conceptProjection('c')} AS concept, neighbours, counts, ancestors`,
      { slugs, limit: int(MAX_LISTED * 2) },
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    return slugs.map((slug) => {
      const row = bySlug.get(slug);
      if (!row) return null;
      return {
        concept: row.concept,
        neighbours: row.neighbours,
        degree: Object.fromEntries(row.counts.map(({ key, n }) => [key, Number(n)])),
        ancestors: row.ancestors.map((ancestor) => ({ ...ancestor, distance: Number(ancestor.distance) })),
      };
    });
  }
}

