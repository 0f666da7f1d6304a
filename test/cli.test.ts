import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
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

  it('documents each command on its own with <command> --help', () => {
    const result = cli('import-obo', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('Usage: ossigraph import-obo FILE...')).toBe(true);
    expect(result.stdout).toContain('--prefix');
    expect(result.stdout).not.toContain('export-schema');
    expect(cli('help', 'export').stdout).toMatch(/^Usage: ossigraph export --format FORMAT/);
  });

  it('reads --roots up to the first argument that is not a CURIE, so a file after it stays a file', () => {
    const result = cli('import-obo', '--roots', 'GO:0001503', 'no-such-dir/missing.obo');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/missing\.obo.*no such file/);
    expect(result.stderr).not.toContain('needs at least one FILE');
  });

  it('prints the schema to stdout with export-schema -', () => {
    const result = cli('export-schema', '-');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('type Query');
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

  it('as built for users (tsc, not tsx), reports every problem of bad import files in words, starting nothing', async () => {
    // Inside the project, so the built files resolve its node_modules.
    const outDir = await mkdtemp(path.join(PROJECT_ROOT, '.built-'));
    try {
      const tsc = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
      });
      expect(tsc.status, tsc.stdout).toBe(0);
      const fixture = (name: string) => path.join(PROJECT_ROOT, 'test', 'fixtures', 'obo', name);
      const result = spawnSync(process.execPath, [path.join(outDir, 'cli.js'), 'import-obo', fixture('unknown-prefix.obo'), fixture('garbled.obo')], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, NEO4J_URI: '' },
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^\[ossigraph\] 2 problems in the input; nothing was imported:\n {2}garbled\.obo:6: .*\n {2}unknown-prefix\.obo:4: 2 terms with the ID prefix SYN/);
      expect(result.stderr).not.toMatch(/\n\s+at |starting embedded Neo4j/);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});
