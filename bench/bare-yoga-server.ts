/**
 * graphql-yoga alone, for `npm run bench -- --bare-yoga`: ossigraph's schema, resolvers and
 * repositories (the same statements) behind a yoga with none of ossigraph's HTTP policies
 * (request ids, admission, body limit, security headers, compression, error handling, query
 * limits) and graphql-jit for every operation. What is left between it and the floor is the
 * cost of serving GraphQL through yoga at all; between it and ossigraph, the policies'.
 *
 *   NEO4J_URI=bolt://… PORT=… node --import tsx bench/bare-yoga-server.ts
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga } from 'graphql-yoga';
import { createServer } from 'node:http';
import { createContext } from '../src/context.js';
import { Database } from '../src/db/database.js';
import { createRepositories } from '../src/graph/index.js';
import { schema } from '../src/schema/index.js';

const db = new Database({ uri: process.env.NEO4J_URI!, user: 'neo4j', password: process.env.NEO4J_PASSWORD ?? '', database: 'neo4j', queryTimeoutMs: 10_000 });
const repos = createRepositories(db);
// As ossigraph does: search and related rank in memory once the index has read the graph.
await repos.related.prepare();
await repos.searchIndex.start();
await repos.searchIndex.linked();
const readOnly = { allowed: false, code: 'FORBIDDEN', message: 'read-only' } as const;
const yoga = createYoga({
  schema,
  context: () => createContext(repos, readOnly),
  plugins: [useGraphQlJit()],
  // No body limit (ossigraph's checks the declared length; yoga's default streams every body).
  maxRequestBodySize: false,
  cors: false,
  graphiql: false,
  landingPage: false,
  logging: false,
});
createServer((request, response) => {
  if (request.url === '/health') response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  else void yoga(request, response);
}).listen(Number(process.env.PORT), '127.0.0.1');
