/**
 * npm run check:seeds [-- DIR...] — checks the seed files (default: seeds/) against the graph's
 * rules without a database: every problem, each with its file and line; exit 1 if any.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';
import { readSeeds, SeedError } from '../src/ingest/seeds.js';

const dirs = process.argv.slice(2);
try {
  const seeds = await readSeeds(dirs.length ? dirs.map((dir) => path.resolve(dir)) : path.join(PROJECT_ROOT, 'seeds'));
  console.log(`seeds are sound: ${seeds.concepts.length} concepts, ${seeds.relations.length} relations, ${seeds.comparisons.length} comparisons`);
} catch (error) {
  if (!(error instanceof SeedError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
