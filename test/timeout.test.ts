import { inject, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';

describe('query timeout', () => {
  it('stops a statement that runs longer than NEO4J_QUERY_TIMEOUT_MS', async () => {
    const db = new Database({
      uri: inject('neo4jUri'),
      user: inject('neo4jUser'),
      password: inject('neo4jPassword'),
      database: 'neo4j',
      queryTimeoutMs: 300,
    });
    try {
      const started = Date.now();
      const error = await db
        .read('UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 100 RETURN count(x) AS n')
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toMatch(/timeout|terminated/i);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await db.close();
    }
  });
});
