import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrations.js';
import { graphFingerprint, type GraphFingerprint } from '../src/graph/ingest.js';
import { importObo } from '../src/ingest/obo.js';
import { resetToSeeds, SHARED_DIR } from './support/harness.js';

// The five shared ontologies, imported by the CLI as an operator would, then interrupted by
// kill -9 of the importer and of Neo4j itself. This file runs its own Neo4j so it can kill it.
const FILES = ['cl-basic.obo', 'uberon-import.obo', 'go-import-hp.obo', 'go-import-mondo.obo', 'doid-2016.obo'].map((file) =>
  path.join(SHARED_DIR, 'data', 'ontologies', file),
);

let dataDir: string;
let neo4j: EmbeddedNeo4j;
let db: Database;

const startNeo4j = async () => {
  neo4j = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '1g', pageCache: '128m' });
  db = new Database({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password, database: 'neo4j', queryTimeoutMs: 120_000 });
  await migrate(db);
};
const fingerprint = () => db.readTx((tx) => graphFingerprint(tx));

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ossigraph-atomic-'));
  await startNeo4j();
  await resetToSeeds(db);
});
afterAll(async () => {
  await db?.close();
  await neo4j?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Importer {
  child: ChildProcess;
  /** Resolves with the first progress line that matches, once the importer is writing. */
  progress(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

function runImporter(): Importer {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli.ts'), 'import-obo', ...FILES], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    lines.push(line);
    for (const wait of [...waiting]) {
      if (wait.pattern.test(line)) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(line);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, output: lines.join('\n') })),
  );
  return {
    child,
    exited,
    progress: (pattern) =>
      new Promise((resolve, reject) => {
        waiting.push({ pattern, resolve });
        void exited.then(({ output }) => reject(new Error(`the importer ended before ${pattern}:\n${output}`)));
      }),
  };
}

describe('importing the five ontologies is all or nothing', () => {
  let seedsOnly: GraphFingerprint;
  let imported: GraphFingerprint;

  it('kill -9 of the importer mid-write leaves the graph exactly as before', async () => {
    seedsOnly = await fingerprint();
    const importer = runImporter();
    await importer.progress(/rows written/);
    importer.child.kill('SIGKILL');
    expect((await importer.exited).signal).toBe('SIGKILL');
    expect(await fingerprint()).toEqual(seedsOnly);
  }, 240_000);

  it('kill -9 of Neo4j mid-write: the importer fails in words, and the recovered store is as before', async () => {
    const importer = runImporter();
    await importer.progress(/relations: \d+\/\d+ rows written/);
    process.kill(neo4j.pid, 'SIGKILL');
    const { code, output } = await importer.exited;
    expect(code).toBe(1);
    expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
    await db.close();
    await startNeo4j(); // Neo4j recovers its store from the transaction log
    expect(await fingerprint()).toEqual(seedsOnly);
  }, 300_000);

  it('running the import again finishes it: the same graph as one uninterrupted import', async () => {
    const importer = runImporter();
    const { code, output } = await importer.exited;
    expect(code, output).toBe(0);
    expect(output).toMatch(/imported cl-basic\.obo/);
    imported = await fingerprint();
    expect(imported.concepts).toBeGreaterThan(seedsOnly.concepts + 18_000);

    await resetToSeeds(db);
    expect(await fingerprint()).toEqual(seedsOnly);
    await importObo(db, FILES);
    expect(await fingerprint()).toEqual(imported);
  }, 400_000);
});
