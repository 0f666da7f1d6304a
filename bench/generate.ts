import { random } from '../src/eval/related.js';
import { CONCEPT_KINDS, type RelationType } from '../src/graph/vocabulary.js';
import type { Database } from '../src/db/database.js';
import { recordChange } from '../src/graph/changes.js';
import { batches, GraphWriter, type ComparisonInput, type ConceptInput, type RelationInput } from '../src/graph/writer.js';

/**
 * A seeded power-law graph for scale tests: `concepts` concepts and about `perConcept`
 * relations per concept. Subjects are drawn uniformly, objects by Zipf's law over the
 * concepts' ranks (P(rank k) ∝ 1/k), so a few hubs gather 10k+ relations each, as the most
 * general ontology terms do, while most concepts keep a handful.
 */
export interface GeneratedGraph {
  concepts: ConceptInput[];
  relations: RelationInput[];
  comparisons: ComparisonInput[];
}

/** Types in roughly the proportions of the imported ontologies: mostly IS_A and PART_OF. */
const TYPE_SHARES: [RelationType, number][] = [
  ['IS_A', 0.45], ['PART_OF', 0.2], ['DEVELOPS_FROM', 0.05], ['CAPABLE_OF', 0.05], ['PRODUCES', 0.03], ['OCCURS_IN', 0.05],
  ['LOCATED_IN', 0.04], ['INVOLVES', 0.03], ['AFFECTS', 0.03], ['HAS_PART', 0.02], ['OTHER', 0.05],
];

export const generatedSlug = (rank: number) => `gen-${rank}`;

export function generateGraph(concepts: number, perConcept: number, seed = 1): GeneratedGraph {
  const next = random(seed);
  const words = ['bone', 'cell', 'matrix', 'growth', 'mineral', 'plate', 'fiber', 'canal', 'layer', 'marrow', 'signal', 'factor'];
  const conceptRows: ConceptInput[] = Array.from({ length: concepts }, (_, index) => {
    const rank = index + 1;
    return {
      slug: generatedSlug(rank),
      name: `${words[rank % words.length]} ${words[Math.floor(rank / words.length) % words.length]} ${rank}`,
      kind: CONCEPT_KINDS[rank % CONCEPT_KINDS.length]!,
      definition: `Generated concept number ${rank}, for scale tests.`,
      aliases: [],
      xrefs: [],
      sources: ['generated'],
    };
  });
  // Zipf by inverse transform over the cumulative weights 1/k.
  const cumulative = new Float64Array(concepts);
  let total = 0;
  for (let k = 1; k <= concepts; k += 1) cumulative[k - 1] = total += 1 / k;
  const zipf = () => {
    const target = next() * total;
    let low = 0;
    let high = concepts - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
  const typeOf = () => {
    let roll = next();
    for (const [type, share] of TYPE_SHARES) if ((roll -= share) < 0) return type;
    return 'IS_A';
  };
  const seen = new Set<string>();
  const relations: RelationInput[] = [];
  for (let index = 0; index < concepts * perConcept; index += 1) {
    const from = 1 + Math.floor(next() * concepts);
    const to = zipf();
    const type = typeOf();
    const key = `${from}|${type}|${to}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    relations.push({
      from: generatedSlug(from),
      type,
      to: generatedSlug(to),
      sources: ['generated'],
      evidence: null,
      ...(type === 'OTHER' ? { predicate: 'RO:0002131' } : {}),
    });
  }
  const comparisons: ComparisonInput[] = Array.from({ length: Math.min(200, Math.floor(concepts / 10)) }, (_, index) => {
    const [a, b] = [2 + index * 3, 3 + index * 3];
    return {
      slug: `${generatedSlug(a)}-vs-${generatedSlug(b)}`,
      title: `Generated ${a} vs ${b}`,
      summary: null,
      concepts: [generatedSlug(a), generatedSlug(b)],
      aspects: [{ name: 'Rank', values: [String(a), String(b)] }],
      related: index > 0 ? [`${generatedSlug(2)}-vs-${generatedSlug(3)}`] : [],
      sources: ['generated'],
    };
  });
  return { concepts: conceptRows, relations, comparisons };
}

/**
 * Writes a generated graph (seed 42) in batches of 20k rows, each in its own transaction, and
 * with `comparisons`, its comparisons and their links; returns what it wrote and how long it took.
 */
export async function writeGeneratedGraph(
  db: Database,
  concepts: number,
  perConcept: number,
  options: { comparisons: boolean },
): Promise<{ concepts: number; relations: number; seconds: number }> {
  const started = performance.now();
  const graph = generateGraph(concepts, perConcept, 42);
  for (const rows of batches(graph.concepts, 20_000)) await db.writeTx((tx) => new GraphWriter(tx).upsertConcepts(rows));
  for (const rows of batches(graph.relations, 20_000)) await db.writeTx((tx) => new GraphWriter(tx).upsertRelations(rows));
  if (options.comparisons) {
    await db.writeTx(async (tx) => {
      const writer = new GraphWriter(tx);
      await writer.upsertComparisons(graph.comparisons);
      await writer.linkRelatedComparisons(graph.comparisons);
    });
  }
  await recordGenerated(db, `generated graph of ${concepts}`, `${graph.concepts.length} concepts, ${graph.relations.length} relations`);
  return { concepts: graph.concepts.length, relations: graph.relations.length, seconds: (performance.now() - started) / 1000 };
}

/**
 * A hub for the explorer's big neighbourhoods: a structure `slug` with `parts` parts
 * (`<slug>-part-0001`, …) and, when `parent` is set, a part of `<slug>-root`. Written
 * through the graph layer like the rest of the generated graphs.
 */
export async function writeHub(db: Database, options: { slug: string; name: string; parts: number; parent?: boolean }): Promise<void> {
  const structure = (slug: string, name: string): ConceptInput => ({ slug, name, kind: 'STRUCTURE', definition: null, aliases: [], xrefs: [], sources: ['generated'] });
  const partSlug = (n: number) => `${options.slug}-part-${String(n).padStart(4, '0')}`;
  const concepts = [structure(options.slug, options.name)];
  const relations: RelationInput[] = [];
  if (options.parent) {
    concepts.push(structure(`${options.slug}-root`, `${options.name} root`));
    relations.push({ from: options.slug, type: 'PART_OF', to: `${options.slug}-root`, sources: ['generated'], evidence: null });
  }
  for (let n = 1; n <= options.parts; n++) {
    concepts.push(structure(partSlug(n), `${options.name} part ${n}`));
    relations.push({ from: partSlug(n), type: 'PART_OF', to: options.slug, sources: ['generated'], evidence: null });
  }
  await db.writeTx(async (tx) => {
    const writer = new GraphWriter(tx);
    await writer.upsertConcepts(concepts);
    await writer.upsertRelations(relations);
  });
  await recordGenerated(db, `hub ${options.slug}`, `${concepts.length} concepts, ${relations.length} relations`);
}

/** Like an import, one entry in the change log: running servers reload what they keep of the graph (search-index.ts). */
async function recordGenerated(db: Database, key: string, summary: string): Promise<void> {
  await db.writeTx((tx) => recordChange(tx, { entity: 'GRAPH', action: 'IMPORTED', key, source: 'bench-generate', summary }));
}
