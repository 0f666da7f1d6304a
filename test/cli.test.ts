import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: '' },
  });

describe('command line', () => {
  it('explains its commands with --help', () => {
    const result = cli('--help');
    expect(result.status).toBe(0);
    for (const command of ['start', 'seed', 'export-schema']) expect(result.stdout).toContain(command);
  });

  it('reports an unknown command in one line and exits 2', () => {
    const result = cli('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('[ossigraph] unknown command "frobnicate"; see "ossigraph --help"');
  });

  it('confirms that schema/schema.graphql is up to date', () => {
    const result = cli('export-schema', '--check');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('up to date');
  });

  it('refuses an invalid setting before touching any database', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'seed'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NEO4J_URI: 'http://wrong' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('NEO4J_URI: a bolt:// or neo4j:// URI');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
