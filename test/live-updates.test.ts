import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { createRepositories } from '../src/graph/index.js';
import { readSeeds, writeSeeds } from '../src/ingest/seeds.js';
import { buildYoga } from '../src/yoga.js';
import { resetToSeeds, SEEDS_DIR, SHARED_DIR, seededApi } from './support/harness.js';
import { subscribe } from './support/sse.js';

const KEY = 'live-updates-test-key-0123';
let api: Awaited<ReturnType<typeof seededApi>>;
beforeAll(async () => {
  api = await seededApi({ writeKeys: [KEY] });
});
afterAll(async () => {
  await api?.close();
});

const mutate = (yoga: ReturnType<typeof buildYoga>, query: string) =>
  yoga.fetch('http://ossigraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query }),
  });

const SUBSCRIPTION = 'subscription { graphChanged { seq entity action key source summary } }';

describe('Subscription.graphChanged', () => {
  it('tells a subscriber on one instance about a write made through another instance, and about a seed run', async () => {
    const other = buildYoga({ db: api.db, repos: createRepositories(api.db), writeKeys: [KEY] });
    const listener = await subscribe(api.yoga, SUBSCRIPTION);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // the feed has taken its starting point
      const created = await mutate(other, 'mutation { createConcept(input: { slug: "live-probe", name: "Live probe", kind: CELL }) { slug } }');
      expect(((await created.json()) as any).errors).toBeUndefined();
      const event = await listener.next();
      expect(event.data.graphChanged).toMatchObject({ entity: 'CONCEPT', action: 'CREATED', key: 'live-probe', source: 'api' });
      await mutate(other, 'mutation { deleteConcept(slug: "live-probe") { slug } }');
      expect((await listener.next()).data.graphChanged).toMatchObject({ entity: 'CONCEPT', action: 'DELETED', key: 'live-probe' });
      await writeSeeds(api.db, await readSeeds(SEEDS_DIR));
      expect((await listener.next()).data.graphChanged).toMatchObject({ entity: 'GRAPH', action: 'IMPORTED', key: 'seeds', source: 'seed' });
    } finally {
      listener.stop();
    }
  }, 60_000);

  it('replays the changes after a given number first, and answers a repeated subscription document every time', async () => {
    await mutate(api.yoga, 'mutation { createConcept(input: { slug: "replay-probe", name: "Replay probe", kind: CELL }) { slug } }');
    await mutate(api.yoga, 'mutation { deleteConcept(slug: "replay-probe") { slug } }');
    const first = await subscribe(api.yoga, 'subscription { graphChanged(after: 0) { seq key action } }');
    const seen: string[] = [];
    try {
      for (;;) {
        const change = (await first.next()).data.graphChanged;
        seen.push(`${change.action} ${change.key}`);
        if (change.key === 'replay-probe' && change.action === 'DELETED') break;
      }
    } finally {
      first.stop();
    }
    expect(seen.slice(-2)).toEqual(['CREATED replay-probe', 'DELETED replay-probe']);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const again = await subscribe(api.yoga, 'subscription { graphChanged(after: 0) { seq key action } }');
      try {
        expect((await again.next()).data.graphChanged.seq).toBeGreaterThan(0);
      } finally {
        again.stop();
      }
    }
  }, 60_000);
});

describe('Subscription.importProgress', () => {
  it('follows an import the CLI runs in another process, from its first batch to its commit, and then one run by its id', async () => {
    const listener = await subscribe(api.yoga, 'subscription { importProgress { id source key phase done total fraction state message } }');
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli.ts'), 'import-obo', path.join(SHARED_DIR, 'data', 'ontologies', 'cl-basic.obo')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NEO4J_URI: inject('neo4jUri'), NEO4J_USER: inject('neo4jUser'), NEO4J_PASSWORD: inject('neo4jPassword') },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
    try {
      const events: any[] = [];
      for (;;) {
        const event = (await listener.next(120_000)).data.importProgress;
        events.push(event);
        if (event.state !== 'RUNNING') break;
      }
      expect(await exited).toBe(0);
      const [first] = events;
      const last = events.at(-1);
      expect(first).toMatchObject({ source: 'import-obo', key: 'cl-basic.obo', state: 'RUNNING' });
      expect(events.every((event) => event.id === first.id)).toBe(true);
      // Rows counted up as batches were written, never backwards.
      const counted = events.filter((event) => event.total > 0);
      expect(counted.length).toBeGreaterThan(1);
      expect(counted.map((event) => event.done)).toEqual([...counted.map((event) => event.done)].sort((a, b) => a - b));
      expect(last).toMatchObject({ state: 'DONE', phase: 'done', fraction: 1 });
      expect(last.message).toMatch(/^\d+ terms and \d+ relations written$/);

      // The run alone, by its id: its state now, and the stream ends as the run has.
      const one = await subscribe(api.yoga, `subscription { importProgress(id: "${first.id}") { id state } }`);
      expect((await one.next()).data.importProgress).toEqual({ id: first.id, state: 'DONE' });
      one.stop();
      const unknown = await api.yoga.fetch('http://ossigraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { importProgress(id: "not-a-run") { id } }' }),
      });
      expect(await unknown.text()).toContain('id: is not the id of an import run');
    } finally {
      listener.stop();
      cli.kill();
      await resetToSeeds(api.db);
    }
  }, 180_000);
});
