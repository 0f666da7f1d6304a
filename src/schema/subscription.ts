import { CHANGE_ACTIONS, CHANGE_ENTITIES, type ChangeRow } from '../graph/changes.js';
import { builder } from './builder.js';
import { intInRange } from './errors.js';

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
