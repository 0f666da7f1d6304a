import { CHANGE_ACTIONS, CHANGE_ENTITIES, type ChangeRow } from '../graph/changes.js';
import { ABANDONED_AFTER_MS, IMPORT_STATES, type ImportProgressRow } from '../graph/imports.js';
import { builder } from './builder.js';
import { badInput, intInRange } from './errors.js';

builder.subscriptionType({
  description: 'Live updates over server-sent events: send the subscription with `accept: text/event-stream` (GraphiQL does).',
});

const ChangeEntityEnum = builder.enumType('ChangeEntity', {
  description: 'What a change touched.',
  values: {
    CONCEPT: { description: 'A concept; `key` is its slug.' },
    RELATION: { description: 'A relation; `key` is "from TYPE to".' },
    COMPARISON: { description: 'A comparison; `key` is its slug.' },
    GRAPH: { description: 'Many things at once: a seed run or an import; `key` says what was read.' },
  } satisfies Record<(typeof CHANGE_ENTITIES)[number], { description: string }>,
});

const ChangeActionEnum = builder.enumType('ChangeAction', {
  description: 'What happened to it.',
  values: {
    CREATED: { description: 'It was created.' },
    UPDATED: { description: 'It was changed.' },
    DELETED: { description: 'It was deleted.' },
    IMPORTED: { description: 'Seeds or an ontology or article import were written.' },
  } satisfies Record<(typeof CHANGE_ACTIONS)[number], { description: string }>,
});

const GraphChangeRef = builder.objectRef<ChangeRow>('GraphChange').implement({
  description: 'One committed write to the graph, by any writer: the API on any server instance, the seeds or the CLI\'s imports.',
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Its place in the change log; pass the last one you saw as `after` to resume.' }),
    at: t.exposeString('at', { description: 'When it committed (ISO 8601, the database\'s clock).' }),
    entity: t.field({ type: ChangeEntityEnum, description: 'What it touched.', resolve: (change) => change.entity }),
    action: t.field({ type: ChangeActionEnum, description: 'What happened.', resolve: (change) => change.action }),
    key: t.exposeString('key', { description: 'Which one: a slug, "from TYPE to", or what an import read.' }),
    source: t.exposeString('source', { description: 'Who wrote: api, seed, import-obo or import-article.' }),
    summary: t.exposeString('summary', { nullable: true, description: 'For imports, what they wrote.' }),
  }),
});

builder.subscriptionField('graphChanged', (t) =>
  t.field({
    type: GraphChangeRef,
    description: 'Every change to the graph as it commits, from any writer (every server instance follows one change log in Neo4j, within a quarter of a second). With `after`, the changes since that number first (the last 10,000 are kept).',
    args: { after: t.arg.int({ description: 'Resume after this change number.' }) },
    subscribe: (_root, args, context) => context.repos.changes.subscribe(args.after === null || args.after === undefined ? null : intInRange('after', args.after, 0, 2 ** 31 - 1)),
    resolve: (change) => change,
  }),
);

const ImportStateEnum = builder.enumType('ImportState', {
  description: 'Where an import run stands.',
  values: {
    RUNNING: { description: 'Reading or writing; nothing is visible in the graph until it commits.' },
    DONE: { description: 'Committed: the graph holds what it wrote (a graphChanged event says so too).' },
    FAILED: { description: 'Stopped by an error; nothing was written. `message` says why.' },
    ABANDONED: { description: `Its importer has not been heard of for ${ABANDONED_AFTER_MS / 1000} s (killed, or its machine went away); nothing was written.` },
  } satisfies Record<(typeof IMPORT_STATES)[number], { description: string }>,
});

const ImportProgressRef = builder.objectRef<ImportProgressRow>('ImportProgress').implement({
  description: 'How far an import run (`ossigraph import-obo` or `import-article`, on any machine with the database) has got.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The run; pass it to importProgress(id:) to follow this run alone.' }),
    source: t.exposeString('source', { description: 'The importer: import-obo or import-article.' }),
    key: t.exposeString('key', { description: 'What it reads: the file names.' }),
    phase: t.exposeString('phase', { description: 'What it is doing: reading, concepts, merging, relations, committing, done or failed.' }),
    done: t.exposeInt('done', { description: 'Rows written so far.' }),
    total: t.exposeInt('total', { description: 'Rows to write; 0 while the files are read.' }),
    fraction: t.float({ description: '0 to 1: done / total (0 while the total is unknown).', resolve: (row) => (row.total > 0 ? Math.min(1, row.done / row.total) : row.state === 'DONE' ? 1 : 0) }),
    state: t.field({ type: ImportStateEnum, description: 'Running, done, failed or abandoned.', resolve: (row) => row.state }),
    message: t.exposeString('message', { nullable: true, description: 'When it ended: what it wrote, or what went wrong.' }),
    startedAt: t.exposeString('startedAt', { description: 'When it started (ISO 8601, the database\'s clock).' }),
    updatedAt: t.exposeString('updatedAt', { description: 'When it last reported (ISO 8601).' }),
  }),
});

builder.subscriptionField('importProgress', (t) =>
  t.field({
    type: ImportProgressRef,
    description:
      'Imports as they progress, from any importer writing to this database: first each run going on now, then every update (at most two a second per run). With `id`, that run alone, ending when it ends.',
    args: { id: t.arg.string({ description: 'Follow only this run (an `id` from an earlier event).' }) },
    subscribe: async (_root, args, context) => {
      const id = args.id ?? null;
      if (id !== null) {
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw badInput('id', 'is not the id of an import run (a UUID from an importProgress event)');
        if ((await context.repos.imports.recent({ id })).length === 0) throw badInput('id', `no import run has the id "${id}" (runs are kept a week)`);
      }
      return context.repos.imports.follow(id);
    },
    resolve: (row) => row,
  }),
);
