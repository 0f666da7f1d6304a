/**
 * npm run bench:export — an export of a generated graph (default 100k concepts, about 1M
 * relations) by `ossigraph export`, run with its JavaScript heap capped, to show that an
 * export streams in constant memory: a writer that held the graph would run out of heap.
 * Prints rows, bytes, seconds and the exporter's peak RSS for a small and the large graph.
 *
 *   npm run bench:export -- [--concepts 100000 --heap-mib 64]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { EmbeddedNeo4j } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/config.js';
import { writeGeneratedGraph } from './generate.js';
import { peakRssMiB } from './processes.js';
import { withBenchStore } from './support.js';

const { values } = parseArgs({ options: { concepts: { type: 'string', default: '100000' }, 'heap-mib': { type: 'string', default: '64' } } });
const HEAP = Number(values['heap-mib']);

/** Runs the CLI export of one part with a capped heap; counts what it writes and samples its peak RSS. */
function exportPart(neo4j: EmbeddedNeo4j, format: string, part: string | null): Promise<{ rows: number; megabytes: number; seconds: number; peakMiB: number; exit: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const args = [`--max-old-space-size=${HEAP}`, '--import', 'tsx', 'src/cli.ts', 'export', '--format', format, ...(part ? ['--part', part] : [])];
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let bytes = 0;
    let rows = 0;
    let peak = 0;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, peakRssMiB(child.pid));
      } catch {
        // the process has just exited
      }
    }, 100);
    child.stdout!.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) rows += 1;
    });
    child.on('exit', (exit) => {
      clearInterval(sampler);
      resolve({ rows, megabytes: bytes / 2 ** 20, seconds: (performance.now() - started) / 1000, peakMiB: peak, exit });
    });
  });
}

await withBenchStore({ pageCache: '512m' }, async (db, neo4j) => {
  console.log(`ossigraph export with its heap capped at ${HEAP} MiB (--max-old-space-size), output counted and dropped`);
  console.log('| graph | format | part | rows | MB | seconds | exit | exporter peak RSS MiB |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const concepts of [1000, Number(values.concepts)]) {
    await db.autoCommit("MATCH (n) WHERE n.slug STARTS WITH 'gen-' CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS");
    await writeGeneratedGraph(db, concepts, 10, { comparisons: false });
    const relations = (await db.read<{ relations: number }>('MATCH ()-[r]->() RETURN count(r) AS relations'))[0]?.relations ?? 0;
    for (const [format, part] of [['kgx-tsv', 'edges'], ['kgx-tsv', 'nodes'], ['jsonld', null]] as const) {
      const result = await exportPart(neo4j, format, part);
      console.log(`| ${concepts} concepts, ${relations} relations | ${format} | ${part ?? '—'} | ${result.rows} | ${result.megabytes.toFixed(0)} | ${result.seconds.toFixed(1)} | ${result.exit} | ${result.peakMiB.toFixed(0)} |`);
    }
  }
});
