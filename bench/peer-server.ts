/**
 * The peer: the Neo4j GraphQL Library (@neo4j/graphql 7) on graphql-yoga, as a user would
 * set it up over the same Neo4j — generated relationship fields for traversals, and @cypher
 * fields holding the Cypher one would write by hand for search, shortest path and related
 * concepts (full-text, shortestPath, Adamic–Adar over common neighbours).
 *
 *   NEO4J_URI=bolt://… PORT=… node --import tsx bench/peer-server.ts
 */
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import neo4j from 'neo4j-driver';
import { createServer } from 'node:http';
import { PEER_TYPE_DEFS } from './peer-schema.js';

const driver = neo4j.driver(process.env.NEO4J_URI!, process.env.NEO4J_PASSWORD ? neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD) : undefined);
const schema = await new Neo4jGraphQL({ typeDefs: PEER_TYPE_DEFS, driver }).getSchema();
const yoga = createYoga({ schema, graphiql: false, logging: false, context: () => ({ sessionConfig: { database: 'neo4j' } }) });
createServer(yoga).listen(Number(process.env.PORT), '127.0.0.1');
