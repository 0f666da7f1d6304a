import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { countGraph } from '../src/graph/writer.js';
import { loadSeeds, readSeeds, SeedError } from '../src/ingest/seeds.js';
import { FIXTURES_DIR, openTestDatabase, SEEDS_DIR } from './support/harness.js';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const counts = () => db.readTx((tx) => countGraph(tx));
const fixtureNodes = async () =>
  (await db.read<{ n: number }>("MATCH (c:Concept) WHERE c.slug STARTS WITH 'fixture-' RETURN count(c) AS n"))[0]!.n;

async function seedError(dir: string): Promise<SeedError> {
  const error = await loadSeeds(db, path.join(FIXTURES_DIR, dir)).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SeedError);
  return error as SeedError;
}

describe('seed loader', () => {
  it('loads the curated seeds, and loading them again changes no count', async () => {
    const once = await loadSeeds(db, SEEDS_DIR);
    expect(once.concepts).toBeGreaterThanOrEqual(14);
    expect(once.comparisons).toBeGreaterThanOrEqual(1);
    const twice = await loadSeeds(db, SEEDS_DIR);
    expect(twice).toEqual(once);
    expect(await counts()).toEqual(once);
    const [props] = await db.read<{ aspects: number; compares: number }>(
      `MATCH (cmp:Comparison {slug: 'calcification-vs-ossification'})
       RETURN COUNT { (cmp)-[:HAS_ASPECT]->() } AS aspects, COUNT { (cmp)-[:COMPARES]->() } AS compares`,
    );
    expect(props).toEqual({ aspects: 4, compares: 2 });
  });

  it('gives every seed concept a definition and every relation a source', async () => {
    const seeds = await readSeeds(SEEDS_DIR);
    for (const concept of seeds.concepts) expect(concept.definition, concept.slug).toBeTruthy();
    for (const relation of seeds.relations) expect(relation.sources.length).toBeGreaterThan(0);
  });

  it('connects every curated concept to the rest of the graph', async () => {
    await loadSeeds(db, SEEDS_DIR);
    const seeds = await readSeeds(SEEDS_DIR);
    const rows = await db.read<{ slug: string }>(
      'UNWIND $slugs AS slug MATCH (c:Concept {slug: slug}) WHERE NOT EXISTS { (c)--(:Concept) } RETURN slug',
      { slugs: seeds.concepts.map((concept) => concept.slug) },
    );
    expect(rows.map((row) => row.slug)).toEqual([]);
  });

  it('links the main comparison to its nineteen related comparisons, each comparing two concepts', async () => {
    await loadSeeds(db, SEEDS_DIR);
    const rows = await db.read<{ slug: string; concepts: number }>(
      `MATCH (:Comparison {slug: 'calcification-vs-ossification'})-[:RELATED_TO]->(cmp:Comparison)
       RETURN cmp.slug AS slug, COUNT { (cmp)-[:COMPARES]->(:Concept) } AS concepts`,
    );
    expect(rows).toHaveLength(19);
    for (const row of rows) expect(row.concepts, row.slug).toBe(2);
  });

  it('refuses a relation to an unknown concept, naming file and entry, and writes nothing', async () => {
    const before = await counts();
    const error = await seedError('seeds-dangling');
    expect(error.message).toContain('seeds-dangling/relations.yaml:2: relations[0] (fixture-marrow-cell LOCATED_IN fixture-marrow-cavity)');
    expect(error.message).toContain('unknown concept "fixture-marrow-cavity"');
    expect(error.message).toContain('nothing was written');
    expect(await counts()).toEqual(before);
    expect(await fixtureNodes()).toBe(0);
  });

  it('reports a YAML syntax error with its file and line', async () => {
    const error = await seedError('seeds-bad-yaml');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^seeds-bad-yaml\/concepts\.yaml:\d+: not valid YAML/);
    expect(await fixtureNodes()).toBe(0);
  });

  it('lists every problem at once: unknown kind and type, bad slug, duplicate, missing field', async () => {
    const before = await counts();
    const { problems } = await seedError('seeds-bad-fields');
    const text = problems.join('\n');
    // Each problem names the line of the field at fault, else of its entry.
    expect(text).toContain('concepts.yaml:8: concepts[1] (fixture-organelle) kind:');
    expect(text).toContain('concepts[2] (Fixture Bad Slug) slug: must be lowercase kebab-case');
    expect(text).toContain('concepts.yaml:14: concepts[3] (fixture-ok-cell): duplicate concept slug "fixture-ok-cell"');
    expect(text).toContain('concepts.yaml:18: concepts[4] (fixture-no-name) name:');
    expect(text).toContain('relations.yaml:3: relations[0] (fixture-ok-cell EATS fixture-ok-cell) type:');
    expect(await counts()).toEqual(before);
    expect(await fixtureNodes()).toBe(0);
  });

  it('holds seeds to the graph rules, with file and line, as npm run check:seeds does', async () => {
    const { problems } = await seedError('seeds-broken-rules');
    expect(problems).toEqual([
      'seeds-broken-rules/graph.yaml:12: relations[0] (fixture-rule-cell PART_OF fixture-rule-cell): a relation cannot join "fixture-rule-cell" to itself',
      expect.stringMatching(/^seeds-broken-rules\/graph\.yaml:16: relations\[1\] \(fixture-rule-process DEVELOPS_FROM fixture-rule-cell\): DEVELOPS_FROM cannot join a PROCESS to a CELL/),
      'seeds-broken-rules/graph.yaml:28: comparisons[1] (fixture-rule-process-vs-fixture-rule-cell): compares the same two concepts as seeds-broken-rules/graph.yaml:21: comparisons[0] (fixture-rule-cell-vs-fixture-rule-process); one comparison per pair',
      'seeds-broken-rules/graph.yaml:35: comparisons[2] (fixture-rule-cell-vs-fixture-rule-cell): a comparison cannot compare "fixture-rule-cell" with itself',
    ]);
  });

  it('refuses a directory without seed files', async () => {
    const error = await seedError('no-such-directory');
    expect(error.message).toContain('cannot read the seeds directory');
  });
});
