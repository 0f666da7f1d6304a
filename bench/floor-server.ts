/**
 * The floor: node:http and neo4j-driver, no GraphQL. For each operation it runs exactly the
 * Cypher statements ossigraph ran for it (recorded by the benchmark, same text, same
 * parameters) and sends the records back as JSON: what any server over this Cypher must pay.
 *
 *   NEO4J_URI=bolt://… PORT=… FLOOR_STATEMENTS=file.json node --import tsx bench/floor-server.ts
 */
import neo4j from 'neo4j-driver';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { reviveParams, type RecordedStatement } from './recorded.js';

const operations = new Map(
  Object.entries(JSON.parse(readFileSync(process.env.FLOOR_STATEMENTS!, 'utf8')) as Record<string, RecordedStatement[]>).map(([name, statements]) => [
    name,
    statements.map((statement) => ({ cypher: statement.cypher, params: reviveParams(statement.params) })),
  ]),
);
const driver = neo4j.driver(process.env.NEO4J_URI!, process.env.NEO4J_PASSWORD ? neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD) : undefined, {
  disableLosslessIntegers: true,
});

createServer(async (request, response) => {
  if (request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const statements = operations.get(decodeURIComponent((request.url ?? '').replace(/^\/op\//, '')));
  if (!statements) {
    response.writeHead(404).end();
    return;
  }
  request.resume();
  try {
    const results = [];
    // The cheapest way the driver offers: auto-commit reads in a read session, as ossigraph does.
    const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
    try {
      for (const { cypher, params } of statements) {
        const result = await session.run(cypher, params);
        results.push(result.records.map((record) => record.toObject()));
      }
    } finally {
      await session.close();
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(results));
  } catch (error) {
    response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (error as Error).message }));
  }
}).listen(Number(process.env.PORT), '127.0.0.1');
