import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';

const COMPOSE_FILE = path.join(PROJECT_ROOT, 'docker-compose.yml');

describe('docker-compose.yml', () => {
  it('is a valid Compose file (docker-compose config -q, which needs no engine)', () => {
    const result = spawnSync('docker-compose', ['-f', COMPOSE_FILE, 'config', '-q'], { encoding: 'utf8', cwd: PROJECT_ROOT });
    expect(result.error, 'docker-compose is not installed (Debian package docker-compose; .ci/run installs it)').toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('wires the server to a health-checked official Neo4j 5 through NEO4J_URI', () => {
    const compose = parse(readFileSync(COMPOSE_FILE, 'utf8'));
    expect(compose.services.neo4j.image).toMatch(/^neo4j:5/);
    expect(compose.services.neo4j.healthcheck.test).toBeDefined();
    expect(compose.services.ossigraph.environment.NEO4J_URI).toBe('bolt://neo4j:7687');
    expect(compose.services.ossigraph.depends_on.neo4j.condition).toBe('service_healthy');
  });
});
