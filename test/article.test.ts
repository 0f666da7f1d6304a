import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { countGraph } from '../src/graph/writer.js';
import { importArticles, readArticles } from '../src/ingest/article.js';
import { ArticleFormatError, guessKind, singular } from '../src/ingest/article-parser.js';
import { FIXTURES_DIR, openTestDatabase, resetToSeeds, SHARED_DIR } from './support/harness.js';

const ARTICLE = path.join(SHARED_DIR, 'articles', 'calcification-vs-ossification.txt');
const fixture = (name: string) => path.join(FIXTURES_DIR, 'articles', name);

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

async function formatError(files: string[]): Promise<ArticleFormatError> {
  const error = await importArticles(db, files).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ArticleFormatError);
  return error as ArticleFormatError;
}

describe('article parser', () => {
  it('reads the shared article: title, table, bullets, summary and nineteen related comparisons', async () => {
    const [article] = await readArticles([ARTICLE]);
    expect(article!.title).toBe('Calcification vs Ossification');
    expect(article!.sides).toEqual(['Calcification', 'Ossification']);
    expect(article!.aspects.map((aspect) => aspect.name)).toEqual(['Definition', 'Occurrence', 'Purpose', 'Guidance']);
    expect(article!.bullets[0].length).toBeGreaterThan(0);
    expect(article!.bullets[1].length).toBeGreaterThan(0);
    expect(article!.summary).toMatch(/^In summary/);
    expect(article!.related).toHaveLength(19);
    expect(article!.related).toContainEqual(['Bone Deposition', 'Resorption']);
  });

  it('makes singular names and guesses kinds for concepts it has to create', () => {
    expect(['Osteoblasts', 'Lacunae', 'Bone Deposition', 'Rickets', 'Osteomyelitis', 'Trabeculae', 'Bodies'].map(singular)).toEqual([
      'Osteoblast', 'Lacuna', 'Bone Deposition', 'Rickets', 'Osteomyelitis', 'Trabecula', 'Body',
    ]);
    expect(guessKind('Osteoclasts')).toBe('CELL');
    expect(guessKind('Osteopenia')).toBe('PATHOLOGY');
    expect(guessKind('Bone Resorption')).toBe('PROCESS');
    expect(guessKind('Spongy Bone')).toBe('TISSUE');
    expect(guessKind('Calcium Carbonate')).toBe('SUBSTANCE');
    expect(guessKind('Periosteum')).toBe('STRUCTURE');
  });
});

describe('article importer', () => {
  it('imports the shared article onto the curated graph, linking its nineteen related comparisons', async () => {
    const before = await counts();
    const summary = await importArticles(db, [ARTICLE]);
    expect(summary.comparisons).toEqual(['calcification-vs-ossification']);
    // Every related comparison and concept the article names is curated already.
    expect(summary.stubComparisons).toEqual([]);
    expect(summary.stubConcepts).toEqual([]);
    expect(await counts()).toEqual(before);
    const related = await db.read<{ slug: string }>(
      "MATCH (:Comparison {slug: 'calcification-vs-ossification'})-[:RELATED_TO]->(c:Comparison) RETURN c.slug AS slug ORDER BY slug",
    );
    expect(related.map((row) => row.slug)).toEqual(
      expect.arrayContaining(['bone-deposition-vs-bone-resorption', 'calcified-plaque-vs-noncalcified-plaque', 'lacuna-vs-osteocyte', 'calcium-vs-calcium-carbonate', 'osteogenesis-imperfecta-vs-osteoporosis']),
    );
    expect(related).toHaveLength(19);
    const aspects = await db.read<{ name: string; values: string[] }>(
      "MATCH (:Comparison {slug: 'calcification-vs-ossification'})-[h:HAS_ASPECT]->(a) RETURN a.name AS name, a.values AS values ORDER BY h.position",
    );
    expect(aspects.map((aspect) => aspect.name)).toEqual(['Definition', 'Occurrence', 'Purpose', 'Guidance']);
  });

  it('changes nothing when the same article is imported again', async () => {
    const before = await counts();
    await importArticles(db, [ARTICLE]);
    expect(await counts()).toEqual(before);
  });

  it('creates the comparison, and stub concepts and related comparisons for what the graph lacks', async () => {
    // Compact bone, osteon and periosteum are curated concepts, and "spongy bone" is an alias of
    // trabecular bone: the article lands on them; what the graph lacks becomes a stub.
    const summary = await importArticles(db, [fixture('compact-bone-vs-spongy-bone.txt')]);
    expect(summary.comparisons).toEqual(['compact-bone-vs-trabecular-bone']);
    expect(summary.stubComparisons.sort()).toEqual(['osteon-vs-trabecula', 'periosteum-vs-endosteum', 'red-marrow-vs-yellow-marrow']);
    expect(summary.stubConcepts.sort()).toEqual(['endosteum', 'red-marrow', 'trabecula', 'yellow-marrow']);
    const [stub] = await db.read<{ kind: string; stub: boolean; labels: string[] }>(
      "MATCH (c:Concept {slug: 'endosteum'}) RETURN c.kind AS kind, c.stub AS stub, labels(c) AS labels",
    );
    expect(stub).toMatchObject({ stub: true, labels: expect.arrayContaining(['Concept']) });
    const [compact] = await db.read<{ sources: string[] }>("MATCH (c:Concept {slug: 'compact-bone'}) RETURN c.sources AS sources");
    expect(compact!.sources).toEqual(['curated']); // matched, not overwritten
    const linked = await db.read<{ slug: string }>(
      "MATCH (:Comparison {slug: 'compact-bone-vs-trabecular-bone'})-[:RELATED_TO]->(c) RETURN c.slug AS slug ORDER BY slug",
    );
    expect(linked.map((row) => row.slug)).toEqual(['bone-vs-cartilage', 'osteon-vs-trabecula', 'periosteum-vs-endosteum', 'red-marrow-vs-yellow-marrow']);
    const before = await counts();
    const again = await importArticles(db, [fixture('compact-bone-vs-spongy-bone.txt')]);
    expect(again).toMatchObject({ stubComparisons: [], stubConcepts: [] });
    expect(await counts()).toEqual(before);
  });

  it('refuses broken articles with file and line, and writes nothing', async () => {
    await resetToSeeds(db);
    const before = await counts();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ossigraph-article-'));
    await writeFile(path.join(dir, 'empty.txt'), '\n\n');
    await writeFile(path.join(dir, 'binary.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0xff]));
    const cases: [string, RegExp][] = [
      [fixture('no-table.txt'), /^no-table\.txt:4: no comparative table/],
      [fixture('ragged-row.txt'), /^ragged-row\.txt:5: the row has 2 cells, the header has 3/],
      [fixture('three-concepts.txt'), /^three-concepts\.txt:2: the table compares 3 concepts .*exactly two/],
      [path.join(dir, 'empty.txt'), /^empty\.txt:1: the file is empty/],
      [path.join(dir, 'binary.txt'), /^binary\.txt:1: not a text file/],
      [path.join(dir, 'missing.txt'), /^missing\.txt:0: no such file/],
    ];
    for (const [file, message] of cases) {
      // A good file first: it must not be written when a later one is broken.
      const error = await formatError([fixture('compact-bone-vs-spongy-bone.txt'), file]);
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/nothing was imported$/);
    }
    expect(await counts()).toEqual(before);
    expect(await db.read("MATCH (c:Comparison {slug: 'compact-bone-vs-spongy-bone'}) RETURN c")).toEqual([]);
  });

  it('lists every problem of every file at once', async () => {
    const before = await counts();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ossigraph-article-'));
    const table = ['Comparative Table: Enamel vs Dentin', 'Feature | Enamel | Dentin |', '---|---|---|'];
    await writeFile(
      path.join(dir, 'two-bad-rows.txt'),
      [...table, 'Hardness | Hardest tissue of the body. |', 'Made by | Ameloblasts. | Odontoblasts. |', 'Living | | Yes. |', '', 'Related:', '- Enamel versus dentin', ''].join('\n'),
    );
    const error = await formatError([path.join(dir, 'two-bad-rows.txt'), fixture('no-table.txt')]);
    expect(error.problems.map((problem) => `${problem.file}:${problem.line}`)).toEqual([
      'two-bad-rows.txt:4',
      'two-bad-rows.txt:6',
      'two-bad-rows.txt:9',
      'no-table.txt:4',
    ]);
    expect(error.message).toMatch(/^4 problems in the input; nothing was imported:\n/);
    expect(await counts()).toEqual(before);
  });
});
