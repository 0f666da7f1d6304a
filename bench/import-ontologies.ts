/**
 * Import benchmark: each shared ontology alone, then all five together, each into a fresh
 * embedded Neo4j holding only the seeds; then the five again (nothing should change); and,
 * as the peer, the naive way (one MERGE statement per term and per relation, in one
 * transaction each) on the Cell Ontology, to show what batching buys.
 *
 *   npm run bench:import
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Database } from '../src/db/database.js';
import { countGraph } from '../src/graph/writer.js';
import { importObo } from '../src/ingest/obo.js';
import { parseOboFile } from '../src/ingest/obo-parser.js';
import { ONTOLOGY_FILES, ontologyPaths, withBenchStore } from './support.js';

const FILES = ONTOLOGY_FILES;

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

async function timedImport(db: Database, files: string[]) {
  const start = process.hrtime.bigint();
  const summary = await importObo(db, ontologyPaths(files));
  return { summary, seconds: seconds(start) };
}

async function naiveImport(db: Database, file: string): Promise<{ seconds: number; terms: number }> {
  const document = await parseOboFile(ontologyPaths([file])[0]!);
  const live = document.terms.filter((term) => !term.obsolete);
  const start = process.hrtime.bigint();
  for (const term of live) {
    await db.write('MERGE (c:Concept:Naive {curie: $id}) SET c.name = $name, c.definition = $definition, c.aliases = $aliases', {
      id: term.id, name: term.name, definition: term.definition, aliases: term.synonyms,
    });
  }
  for (const term of live) {
    for (const parent of term.isA) {
      await db.write('MATCH (a:Naive {curie: $a}), (b:Naive {curie: $b}) MERGE (a)-[:IS_A]->(b)', { a: term.id, b: parent });
    }
  }
  return { seconds: seconds(start), terms: live.length };
}

const lines: string[] = [];
const print = (line: string) => {
  lines.push(line);
  console.log(line);
};

print(row(['files', 'terms', 'new concepts', 'merged', 'relations', 'seconds', 'terms/s']));
print(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
for (const file of FILES) {
  const { summary, seconds: s } = await withBenchStore({}, (db) => timedImport(db, [file]));
  print(row([file, summary.terms, summary.created, summary.merged, summary.relations, s.toFixed(1), Math.round(summary.terms / s)]));
}
const size = (dir: string) => execFileSync('du', ['-sh', dir]).toString().split('\t')[0];
await withBenchStore({ onStopped: (dataDir) => {
  print(`on disk after shutdown: store ${size(path.join(dataDir, 'data', 'databases', 'neo4j'))}, transaction logs ${size(path.join(dataDir, 'data', 'transactions', 'neo4j'))}`);
} }, async (db) => {
  const first = await timedImport(db, FILES);
  print(row(['all five', first.summary.terms, first.summary.created, first.summary.merged, first.summary.relations, first.seconds.toFixed(1), Math.round(first.summary.terms / first.seconds)]));
  const before = await db.readTx((tx) => countGraph(tx));
  const again = await timedImport(db, FILES);
  const after = await db.readTx((tx) => countGraph(tx));
  print(row(['all five, again', again.summary.terms, again.summary.created, again.summary.merged, again.summary.relations, again.seconds.toFixed(1), Math.round(again.summary.terms / again.seconds)]));
  print('');
  print(`graph after all five: ${after.concepts} concepts, ${after.relations} relations between concepts, ${after.comparisons} comparisons; second import changed counts: ${JSON.stringify(before) !== JSON.stringify(after)}`);
});

const batched = await withBenchStore({}, (db) => timedImport(db, ['cl-basic.obo']));
const naive = await withBenchStore({}, (db) => naiveImport(db, 'cl-basic.obo'));
print(
  `peer (one MERGE per term and per is_a, cl-basic.obo): ${naive.seconds.toFixed(1)} s for ${naive.terms} terms (${Math.round(naive.terms / naive.seconds)} terms/s); ` +
    `batched importer: ${batched.seconds.toFixed(1)} s, ${(naive.seconds / batched.seconds).toFixed(1)}x faster`,
);
