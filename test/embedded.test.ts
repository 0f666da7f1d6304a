import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { EmbeddedNeo4jError, PASSWORD_FILE, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../src/db/embedded.js';

// These start Neo4j JVMs of their own, on their own data directory, beside the suite's one.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ossigraph-embedded-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const start = () => startEmbeddedNeo4j({ dataDir, port: 0, heap: '384m', pageCache: '32m' });

async function withDriver<T>(neo4j: EmbeddedNeo4j, work: (db: Database) => Promise<T>): Promise<T> {
  const db = new Database({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password, database: 'neo4j', queryTimeoutMs: 10_000 });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

describe('embedded Neo4j', () => {
  it('keeps its data across a restart, and refuses a second process on the same data directory', async () => {
    const first = await start();
    try {
      await withDriver(first, (db) => db.write("CREATE (:Probe {word: 'kept across restarts'})"));
      const second = await start().catch((error: unknown) => error);
      expect(second).toBeInstanceOf(EmbeddedNeo4jError);
      expect((second as Error).message).toMatch(/in use by another Neo4j process/);
    } finally {
      await first.stop();
    }
    expect(() => process.kill(first.pid, 0)).toThrow();

    const again = await start();
    try {
      const rows = await withDriver(again, (db) => db.read<{ word: string }>('MATCH (p:Probe) RETURN p.word AS word'));
      expect(rows).toEqual([{ word: 'kept across restarts' }]);
    } finally {
      await again.stop();
    }
  }, 180_000);

  it('asks for a password: generated once, kept owner-only in the data directory, refused when wrong', async () => {
    const neo4j = await start();
    try {
      expect(neo4j.password.length).toBeGreaterThanOrEqual(24);
      const file = await stat(path.join(dataDir, PASSWORD_FILE));
      expect(file.mode & 0o777).toBe(0o600);
      const stranger = new Database({ uri: neo4j.uri, user: 'neo4j', password: '', database: 'neo4j', queryTimeoutMs: 10_000 });
      const guesser = new Database({ uri: neo4j.uri, user: 'neo4j', password: 'neo4j', database: 'neo4j', queryTimeoutMs: 10_000 });
      try {
        await expect(stranger.driver.verifyConnectivity()).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
        await expect(guesser.driver.verifyConnectivity()).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
      } finally {
        await stranger.close();
        await guesser.close();
      }
      expect(await withDriver(neo4j, (db) => db.read<{ one: number }>('RETURN 1 AS one'))).toEqual([{ one: 1 }]);
    } finally {
      await neo4j.stop();
    }
    // The same password on the next start, and OSSIGRAPH_NEO4J_PASSWORD replaces it.
    const again = await start();
    await again.stop();
    const chosen = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '384m', pageCache: '32m', password: 'chosen-by-the-operator' });
    try {
      expect(await withDriver(chosen, (db) => db.read<{ one: number }>('RETURN 1 AS one'))).toEqual([{ one: 1 }]);
    } finally {
      await chosen.stop();
    }
  }, 240_000);
});

describe('the CLI beside a running server', () => {
  it('writes into the embedded Neo4j the server runs, instead of failing on a data directory in use', async () => {
    const { spawnSync } = await import('node:child_process');
    const { loadConfig, PROJECT_ROOT } = await import('../src/config.js');
    const { connect } = await import('../src/db/connect.js');
    const { countGraph } = await import('../src/graph/writer.js');
    const shared = await mkdtemp(path.join(os.tmpdir(), 'ossigraph-shared-'));
    const env = { OSSIGRAPH_DATA_DIR: shared, OSSIGRAPH_NEO4J_HEAP: '384m', OSSIGRAPH_NEO4J_PAGECACHE: '32m' };
    const server = await connect(loadConfig(env));
    try {
      expect(server.mode).toBe('embedded');
      const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli.ts'), 'seed'], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...env, NEO4J_URI: '' },
        timeout: 120_000,
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/using the Neo4j that process \d+ runs on/);
      const counts = await server.db.readTx((tx) => countGraph(tx));
      expect(counts.concepts).toBeGreaterThanOrEqual(90);
    } finally {
      await server.close();
      await rm(shared, { recursive: true, force: true });
    }
  }, 240_000);
});
