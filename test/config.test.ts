import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('defaults to the embedded Neo4j on 127.0.0.1:4000', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ port: 4000, host: '127.0.0.1', shutdownGraceMs: 10_000 });
    expect(config.admission).toEqual({ concurrency: 32, queue: 128, queueTimeoutMs: 5_000 });
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.embedded.dataDir).toMatch(/\.data\/neo4j$/);
  });

  it('takes an external Neo4j, including neo4j:// routing URIs', () => {
    const config = loadConfig({ NEO4J_URI: 'neo4j://cluster.example:7687', NEO4J_PASSWORD: 'secret', PORT: '8080' });
    expect(config.neo4j).toMatchObject({ uri: 'neo4j://cluster.example:7687', user: 'neo4j', password: 'secret', database: 'neo4j' });
    expect(config.http.port).toBe(8080);
  });

  it('reports every invalid setting at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', NEO4J_URI: 'http://localhost:7474', OSSIGRAPH_NEO4J_HEAP: 'lots' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('NEO4J_URI: a bolt:// or neo4j:// URI');
    expect(message).toContain('OSSIGRAPH_NEO4J_HEAP');
  });
});
