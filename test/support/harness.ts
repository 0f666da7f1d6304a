import path from 'node:path';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrations.js';
import { createRepositories } from '../../src/graph/index.js';
import { loadSeeds } from '../../src/ingest/seeds.js';
import { buildYoga } from '../../src/yoga.js';

export const SEEDS_DIR = path.join(PROJECT_ROOT, 'seeds');
export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures');
export const SHARED_DIR = path.resolve(PROJECT_ROOT, '..', 'shared');

/** A driver on the run's Neo4j (see global-setup.ts), with the schema migrations applied. */
export async function openTestDatabase(): Promise<Database> {
  const db = new Database({
    uri: inject('neo4jUri'),
    user: inject('neo4jUser'),
    password: inject('neo4jPassword'),
    database: 'neo4j',
    queryTimeoutMs: 30_000,
  });
  try {
    await db.verify();
  } catch (error) {
    await db.close();
    throw new Error(`the test Neo4j at ${inject('neo4jUri')} does not answer: ${(error as Error).message}`);
  }
  await migrate(db);
  return db;
}

/**
 * Puts the shared test database back to the curated seeds alone. Files that import in bulk
 * call it when they finish, so the files after them see the graph every file expects.
 */
export async function resetToSeeds(db: Database): Promise<void> {
  await db.autoCommit('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  await loadSeeds(db, SEEDS_DIR);
}

export interface GraphQLResponse<T = any> {
  status: number;
  contentType: string | null;
  body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** The server's GraphQL handler on a seeded graph, called in-process with `fetch` (no port). */
export async function seededApi(options: { writeKeys?: string[] } = {}) {
  const db = await openTestDatabase();
  await loadSeeds(db, SEEDS_DIR);
  const errors: unknown[] = [];
  const yoga = buildYoga({ db, repos: createRepositories(db), writeKeys: options.writeKeys, logError: (error) => errors.push(error) });
  async function query<T = any>(
    source: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await yoga.fetch('http://ossigraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query: source, variables }),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
  }
  return { db, yoga, query, maskedErrors: errors, close: () => db.close() };
}
