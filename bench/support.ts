import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrations.js';
import { importObo } from '../src/ingest/obo.js';
import { loadSeeds } from '../src/ingest/seeds.js';

export const ONTOLOGIES_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'ontologies');
export const ONTOLOGY_FILES = ['cl-basic.obo', 'uberon-import.obo', 'go-import-hp.obo', 'go-import-mondo.obo', 'doid-2016.obo'];
export const ontologyPaths = (files: readonly string[] = ONTOLOGY_FILES) => files.map((file) => path.join(ONTOLOGIES_DIR, file));

export interface BenchStoreOptions {
  /** Import all five shared ontologies after the seeds. */
  ontologies?: boolean;
  /** Page cache of the embedded Neo4j (default 256m). */
  pageCache?: string;
  /** Sees the data directory after Neo4j has shut down, before it is deleted. */
  onStopped?: (dataDir: string) => void;
}

/**
 * Runs `work` on a fresh embedded Neo4j (1 GiB heap, 256 MiB page cache unless asked) holding the seeds,
 * and the five ontologies when asked; removes the store afterwards.
 */
export async function withBenchStore<T>(options: BenchStoreOptions, work: (db: Database, neo4j: EmbeddedNeo4j) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ossigraph-bench-'));
  const neo4j = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '1g', pageCache: options.pageCache ?? '256m', nice: loadConfig().embedded.nice });
  const db = new Database({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password, database: 'neo4j', queryTimeoutMs: 600_000 });
  try {
    await migrate(db);
    await loadSeeds(db, path.join(PROJECT_ROOT, 'seeds'));
    if (options.ontologies) await importObo(db, ontologyPaths());
    return await work(db, neo4j);
  } finally {
    await db.close();
    await neo4j.stop();
    options.onStopped?.(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  }
}
