import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { EmbeddedNeo4jError, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../src/db/embedded.js';

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
  const db = new Database({ uri: neo4j.uri, user: 'neo4j', password: '', database: 'neo4j', queryTimeoutMs: 10_000 });
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
});
