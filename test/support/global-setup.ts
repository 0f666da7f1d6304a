import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    neo4jUser: string;
    neo4jPassword: string;
  }
}

function dockerAnswers(): boolean {
  const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000, encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim().length > 0;
}

/**
 * One real Neo4j for the whole run: NEO4J_URI if set; else Testcontainers' Neo4j module when
 * a Docker engine answers; else the embedded launcher on a throw-away data directory.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.NEO4J_URI) {
    project.provide('neo4jUri', process.env.NEO4J_URI);
    project.provide('neo4jUser', process.env.NEO4J_USER ?? 'neo4j');
    project.provide('neo4jPassword', process.env.NEO4J_PASSWORD ?? '');
    console.log(`[tests] using the Neo4j at ${process.env.NEO4J_URI}`);
    return async () => {};
  }

  if (dockerAnswers()) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    const container = await new Neo4jContainer('neo4j:5.26-community').withPassword('ossigraph-test').start();
    project.provide('neo4jUri', container.getBoltUri());
    project.provide('neo4jUser', container.getUsername());
    project.provide('neo4jPassword', container.getPassword());
    console.log(`[tests] using a Testcontainers Neo4j at ${container.getBoltUri()}`);
    return async () => {
      await container.stop();
    };
  }

  const { startEmbeddedNeo4j } = await import('../../src/db/embedded.js');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ossigraph-test-'));
  const neo4j = await startEmbeddedNeo4j({
    dataDir,
    port: 0,
    heap: '768m',
    pageCache: '128m',
    log: (message) => console.log(`[tests] ${message}`),
  });
  project.provide('neo4jUri', neo4j.uri);
  project.provide('neo4jUser', 'neo4j');
  project.provide('neo4jPassword', neo4j.password);
  console.log(`[tests] using an embedded Neo4j at ${neo4j.uri}`);
  return async () => {
    await neo4j.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
