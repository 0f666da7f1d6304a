/**
 * npm run check:seeds [-- [--shared DIR] SEED_DIR...] — checks the seed files (default: seeds/)
 * without a database: first against the graph's rules, then against the shared sources they
 * cite (default: ../shared beside the project; skipped with a note when it is absent): every
 * problem, each with its file and line; exit 1 if any.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';
import { auditSeeds, readSharedSources } from '../src/ingest/seed-audit.js';
import { readSeeds, SeedError } from '../src/ingest/seeds.js';

const args = process.argv.slice(2);
const sharedAt = args.indexOf('--shared');
const shared = sharedAt >= 0 ? path.resolve(args.splice(sharedAt, 2)[1] ?? '') : path.resolve(PROJECT_ROOT, '..', 'shared');
const dirs = args;
try {
  const seeds = await readSeeds(dirs.length ? dirs.map((dir) => path.resolve(dir)) : path.join(PROJECT_ROOT, 'seeds'));
  console.log(`seeds follow the rules: ${seeds.concepts.length} concepts, ${seeds.relations.length} relations, ${seeds.comparisons.length} comparisons`);
  if (!existsSync(shared)) {
    console.log(`${shared}: not found; citations and wording were not checked (--shared DIR)`);
  } else {
    const findings = auditSeeds(seeds, await readSharedSources(shared));
    if (findings.length) {
      console.error(`the shared sources disagree with the seeds (${findings.length}):\n  ${findings.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log(`seeds agree with ${shared}: every cited term states its relation, every cited article names both ends, no copied wording`);
    }
  }
} catch (error) {
  if (!(error instanceof SeedError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
