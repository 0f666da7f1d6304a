import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { countGraph } from '../src/graph/writer.js';
import { importObo, OboImportError } from '../src/ingest/obo.js';
import { OboSyntaxError } from '../src/ingest/obo-parser.js';
import { loadSeeds } from '../src/ingest/seeds.js';
import { FIXTURES_DIR, openTestDatabase, resetToSeeds, SEEDS_DIR, SHARED_DIR } from './support/harness.js';

const ONTOLOGIES = path.join(SHARED_DIR, 'data', 'ontologies');
const shared = (file: string) => path.join(ONTOLOGIES, file);
const fixture = (file: string) => path.join(FIXTURES_DIR, 'obo', file);

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  await resetToSeeds(db);
});
afterAll(async () => {
  await resetToSeeds(db);
  await db?.close();
});

const counts = () => db.readTx((tx) => countGraph(tx));
const withCurie = async (curie: string) =>
  db.read<{ slug: string; kind: string; aliases: string[]; sources: string[] }>(
    'MATCH (c:Concept) WHERE c.curie = $curie OR $curie IN c.xrefs RETURN c.slug AS slug, c.kind AS kind, c.aliases AS aliases, c.sources AS sources',
    { curie },
  );

describe('OBO importer on our fixture', () => {
  it('maps is_a and RO/BFO relations, keeps unknown predicates as OTHER, skips URLs and obsolete terms', async () => {
    const summary = await importObo(db, [fixture('mini.obo')]);
    expect(summary).toMatchObject({ terms: 2, created: 2, merged: 0, otherRelations: 1 });
    expect(summary.skipped).toMatchObject({ 'obsolete term': 1, 'annotation with a URL target': 1, 'relation to a term outside the import': 1 });
    const rows = await db.read<{ type: string; to: string; predicate: string | null }>(
      `MATCH (:Concept {curie: 'GO:9990001'})-[r]->(o:Concept) RETURN type(r) AS type, o.slug AS to, r.predicate AS predicate ORDER BY type, to`,
    );
    expect(rows).toEqual([
      { type: 'IS_A', to: 'ossification', predicate: null },
      { type: 'OTHER', to: 'fixture-parent-step', predicate: 'RO:0002433' },
      { type: 'PART_OF', to: 'fixture-parent-step', predicate: null },
      { type: 'REGULATES', to: 'fixture-parent-step', predicate: null },
    ]);
    const [term] = await withCurie('GO:9990009');
    expect(term).toMatchObject({ slug: 'fixture-ossification-step', kind: 'PROCESS' });
    expect(term!.aliases).toEqual(expect.arrayContaining(['fixture step', 'GO:9990009']));
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await counts();
    const summary = await importObo(db, [fixture('mini.obo')]);
    expect(summary).toMatchObject({ created: 0, merged: 2 });
    expect(await counts()).toEqual(before);
  });

  it('writes nothing when one of several files is broken, and names file and line', async () => {
    const before = await counts();
    for (const broken of ['garbled.obo', 'truncated.obo', 'unterminated.obo']) {
      const error = await importObo(db, [shared('cl-basic.obo'), fixture(broken)]).catch((caught: unknown) => caught);
      expect(error, broken).toBeInstanceOf(OboSyntaxError);
      expect((error as Error).message, broken).toMatch(new RegExp(`^${broken.replace('.', '\\.')}:\\d+: .*nothing was imported$`));
    }
    expect(await counts()).toEqual(before);
  });

  it('reports the problems of every broken file together, before writing anything', async () => {
    const before = await counts();
    const error = (await importObo(db, [fixture('garbled.obo'), fixture('mini.obo'), fixture('unterminated.obo')]).catch((caught: unknown) => caught)) as OboSyntaxError;
    expect(error).toBeInstanceOf(OboSyntaxError);
    expect(error.problems.map((problem) => `${problem.file}:${problem.line}`)).toEqual(['garbled.obo:6', 'unterminated.obo:6']);
    expect(await counts()).toEqual(before);
  });

  it('refuses terms whose ID prefix maps to no kind, naming file, line and the way out', async () => {
    const before = await counts();
    const error = (await importObo(db, [fixture('unknown-prefix.obo')]).catch((caught: unknown) => caught)) as OboSyntaxError;
    expect(error).toBeInstanceOf(OboSyntaxError);
    expect(error.message).toMatch(/^unknown-prefix\.obo:4: 2 terms with the ID prefix SYN \(first: SYN:0000001\).*--prefix SYN=KIND.*--prefix SYN=skip/);
    expect(await counts()).toEqual(before);

    const skipped = await importObo(db, [fixture('unknown-prefix.obo')], { prefixes: { SYN: 'skip' } });
    expect(skipped).toMatchObject({ created: 0, skipped: { 'term left out by --prefix SYN=skip': 2 } });
    expect(await counts()).toEqual(before);

    const mapped = await importObo(db, [fixture('unknown-prefix.obo')], { prefixes: { SYN: 'SUBSTANCE' } });
    expect(mapped).toMatchObject({ created: 2, relations: 1 });
    const [compound] = await withCurie('SYN:0000002');
    expect(compound).toMatchObject({ kind: 'SUBSTANCE' });
  });

  it('refuses roots that no file defines', async () => {
    const error = await importObo(db, [fixture('mini.obo')], { roots: ['GO:0000000'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OboImportError);
    expect((error as Error).message).toContain('GO:0000000');
  });
});

describe('OBO importer on the shared ontologies', () => {
  it('adds its source beside a curated edge it also asserts, and keeps the curated evidence', async () => {
    const edge = () =>
      db.read<{ sources: string[]; evidence: string }>(
        "MATCH (:Concept {slug: 'osteoclast'})-[r:DEVELOPS_FROM]->(:Concept {slug: 'monocyte'}) RETURN r.sources AS sources, r.evidence AS evidence",
      );
    const [before] = await edge();
    await importObo(db, [shared('cl-basic.obo')], { roots: ['CL:0000092'] }); // osteoclast: develops_from monocyte
    const after = await edge();
    expect(after).toHaveLength(1);
    expect(after[0]!.evidence).toBe(before!.evidence);
    expect(after[0]!.sources).toEqual([...before!.sources, 'obo:cl-basic.obo']);
  });

  it('enriches the curated osteoblast rather than duplicating it, and links it to its CL parents', async () => {
    const summary = await importObo(db, [shared('cl-basic.obo')], { roots: ['CL:0000062', 'CL:0007010'] });
    expect(summary.merged).toBeGreaterThanOrEqual(1);
    const matches = await withCurie('CL:0000062');
    expect(matches).toHaveLength(1);
    expect(matches[0]!.slug).toBe('osteoblast');
    expect(matches[0]!.sources).toContain('obo:cl-basic.obo');
    const parents = await db.read<{ curie: string }>(
      "MATCH (:Concept {slug: 'osteoblast'})-[:IS_A]->(p:Concept) RETURN coalesce(p.curie, p.xrefs[0]) AS curie",
    );
    expect(parents.map((parent) => parent.curie)).toContain('CL:0002320'); // connective tissue cell
    const origins = await db.read<{ curie: string }>(
      "MATCH (:Concept {slug: 'osteoblast'})-[:DEVELOPS_FROM]->(p:Concept) RETURN coalesce(p.curie, p.xrefs[0]) AS curie",
    );
    expect(origins.map((origin) => origin.curie)).toEqual(expect.arrayContaining(['CL:0007010', 'CL:0008019'])); // preosteoblast, mesenchymal cell
  });

  it('merges the two GO modules into one node per term under ossification', async () => {
    const summary = await importObo(db, [shared('go-import-hp.obo'), shared('go-import-mondo.obo')], { roots: ['GO:0001503'] });
    expect(summary.sharedAcrossFiles).toBeGreaterThan(0);
    for (const curie of ['GO:0001503', 'GO:0001957', 'GO:0001958', 'GO:0030282']) {
      expect(await withCurie(curie), curie).toHaveLength(1);
    }
    // Only the MONDO module defines intramembranous ossification; it lands on the curated concept.
    expect((await withCurie('GO:0001957'))[0]!.slug).toBe('intramembranous-ossification');
    const before = await counts();
    await importObo(db, [shared('go-import-mondo.obo'), shared('go-import-hp.obo')], { roots: ['GO:0001503'] });
    expect(await counts()).toEqual(before);
  });

  it('leaves the seeds loadable over imported data with no change in counts', async () => {
    const before = await counts();
    await loadSeeds(db, SEEDS_DIR);
    expect(await counts()).toEqual(before);
  });
});
