import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'schema', 'neo4j');

/** Splits a .cypher file into statements: `;` ends one, `//` lines are comments. */
export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/**
 * Applies every statement of schema/neo4j/*.cypher in file-name order. Each statement is
 * written with IF NOT EXISTS, so running this at every start is safe and cheap; afterwards it
 * waits until the indexes are online, so the first query does not race a populating index.
 */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<number> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cypher')).sort();
  let applied = 0;
  for (const file of files) {
    for (const statement of splitStatements(await readFile(path.join(dir, file), 'utf8'))) {
      await db.autoCommit(statement);
      applied += 1;
    }
  }
  await db.autoCommit('CALL db.awaitIndexes(60)');
  return applied;
}
