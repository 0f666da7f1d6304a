import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAccess } from '../src/auth.js';
import { countGraph } from '../src/graph/writer.js';
import { seededApi } from './support/harness.js';

const KEY = 'test-key-0123456789abcdef';
const AUTH = { authorization: `Bearer ${KEY}` };

let api: Awaited<ReturnType<typeof seededApi>>;
beforeAll(async () => {
  api = await seededApi({ writeKeys: [KEY, 'another-key-0123456789'] });
  await cleanUp();
});
afterAll(async () => {
  await cleanUp();
  await api?.close();
});

async function cleanUp() {
  await api.db.write("MATCH (c:Comparison) WHERE c.slug STARTS WITH 'api-' OPTIONAL MATCH (c)-[:HAS_ASPECT]->(a) DETACH DELETE c, a");
  await api.db.write("MATCH (c:Concept) WHERE c.slug STARTS WITH 'api-' DETACH DELETE c");
}

const counts = () => api.db.readTx((tx) => countGraph(tx));
const code = (body: any) => body.errors?.[0]?.extensions?.code;

const CREATE_CONCEPT = `mutation($input: ConceptInput!) { createConcept(input: $input) { slug name kind aliases xrefs sources } }`;
const cell = (slug: string, extra: Record<string, unknown> = {}) => ({ slug, name: 'API test cell', kind: 'CELL', ...extra });

describe('write access', () => {
  it('compares keys and tells missing, wrong and disabled apart', () => {
    expect(writeAccess(`Bearer ${KEY}`, [KEY])).toEqual({ allowed: true });
    expect(writeAccess(`bearer ${KEY}`, ['x'.repeat(16), KEY])).toEqual({ allowed: true });
    expect(writeAccess(null, [KEY])).toMatchObject({ allowed: false, code: 'UNAUTHENTICATED' });
    expect(writeAccess(`Bearer ${KEY}x`, [KEY])).toMatchObject({ allowed: false, code: 'UNAUTHENTICATED' });
    expect(writeAccess(`Basic ${KEY}`, [KEY])).toMatchObject({ allowed: false, code: 'UNAUTHENTICATED' });
    expect(writeAccess(`Bearer ${KEY}`, [])).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
  });

  it('refuses a mutation without a valid key, with 401 and nothing written, while reads stay open', async () => {
    const before = await counts();
    for (const headers of [{}, { authorization: 'Bearer wrong-key-0123456789' }] as Record<string, string>[]) {
      const { status, body } = await api.query(CREATE_CONCEPT, { input: cell('api-unauthorised') }, headers);
      expect(status).toBe(401);
      expect(code(body)).toBe('UNAUTHENTICATED');
    }
    expect(await counts()).toEqual(before);
    expect((await api.query('{ concept(slug: "bone") { slug } }')).body.data.concept.slug).toBe('bone');
  });

  it('refuses every mutation with FORBIDDEN when the server has no keys', async () => {
    const readOnly = await seededApi();
    try {
      const { status, body } = await readOnly.query(CREATE_CONCEPT, { input: cell('api-readonly') }, AUTH);
      expect(status).toBe(403);
      expect(code(body)).toBe('FORBIDDEN');
      expect(body.errors?.[0]?.message).toContain('OSSIGRAPH_WRITE_KEYS');
    } finally {
      await readOnly.close();
    }
  });
});

describe('concept mutations', () => {
  it('creates, updates and deletes a concept', async () => {
    const created = await api.query(CREATE_CONCEPT, { input: cell('api-cell', { aliases: ['api cells'], xrefs: ['CL:9999999'] }) }, AUTH);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createConcept).toEqual({
      slug: 'api-cell', name: 'API test cell', kind: 'CELL', aliases: ['api cells'], xrefs: ['CL:9999999'], sources: ['api'],
    });
    const updated = await api.query(
      'mutation { updateConcept(slug: "api-cell", changes: { name: "API renamed cell", kind: SUBSTANCE }) { name kind aliases } }',
      {},
      AUTH,
    );
    expect(updated.body.data.updateConcept).toEqual({ name: 'API renamed cell', kind: 'SUBSTANCE', aliases: ['api cells'] });
    const [labels] = await api.db.read<{ labels: string[] }>("MATCH (c:Concept {slug: 'api-cell'}) RETURN labels(c) AS labels");
    expect(labels!.labels.sort()).toEqual(['Concept', 'Substance']);
    // Search finds it by the beginning of its new name, and no longer by its old one.
    const names = async (query: string) => ((await api.query(`{ search(query: "${query}") { concept { slug } } }`)).body.data.search as { concept: { slug: string } }[]).map((hit) => hit.concept.slug);
    expect(await names('api renamed')).toContain('api-cell');
    expect(await names('api test')).not.toContain('api-cell');
    const deleted = await api.query('mutation { deleteConcept(slug: "api-cell") { slug } }', {}, AUTH);
    expect(deleted.body.data.deleteConcept).toEqual({ slug: 'api-cell' });
    expect((await api.query('{ concept(slug: "api-cell") { slug } }')).body.data.concept).toBeNull();
  });

  it('validates arguments and changes nothing on failure', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, RegExp][] = [
      [cell('Not A Slug'), /slug: must be lowercase kebab-case/],
      [cell('api-x', { name: '' }), /name: must not be empty/],
      [cell('api-x', { name: 'x'.repeat(500) }), /name/],
      [cell('api-x', { xrefs: ['not a curie'] }), /xrefs.0: must be a CURIE/],
      [cell('api-x', { sources: [] }), /sources: must name at least one source/],
    ];
    for (const [input, message] of cases) {
      const { body } = await api.query(CREATE_CONCEPT, { input }, AUTH);
      expect(code(body), JSON.stringify(input)).toBe('VALIDATION');
      expect(body.errors?.[0]?.message).toMatch(message);
    }
    const unknownKind = await api.query(CREATE_CONCEPT, { input: cell('api-x', { kind: 'ORGANELLE' }) }, AUTH);
    expect(unknownKind.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('gives CONFLICT for an existing slug or a compared concept, NOT_FOUND for a missing one', async () => {
    const before = await counts();
    expect(code((await api.query(CREATE_CONCEPT, { input: cell('osteoblast') }, AUTH)).body)).toBe('CONFLICT');
    const compared = await api.query('mutation { deleteConcept(slug: "osteoblast") { slug } }', {}, AUTH);
    expect(code(compared.body)).toBe('CONFLICT');
    expect(compared.body.errors?.[0]?.message).toContain('osteoblast-vs-osteoclast');
    expect(code((await api.query('mutation { updateConcept(slug: "api-nope", changes: { name: "x" }) { slug } }', {}, AUTH)).body)).toBe('NOT_FOUND');
    expect(code((await api.query('mutation { deleteConcept(slug: "api-nope") { slug } }', {}, AUTH)).body)).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});

describe('relation and comparison mutations', () => {
  it('creates and deletes a relation; refuses duplicates and missing ends', async () => {
    await api.query(CREATE_CONCEPT, { input: cell('api-relation-cell') }, AUTH);
    const create = `mutation($to: String!) { createRelation(input: { from: "api-relation-cell", type: LOCATED_IN, to: $to, evidence: "Written by a test." }) {
      type from { slug } to { slug } evidence sources } }`;
    const created = await api.query(create, { to: 'bone' }, AUTH);
    expect(created.body.data.createRelation).toEqual({
      type: 'LOCATED_IN', from: { slug: 'api-relation-cell' }, to: { slug: 'bone' }, evidence: 'Written by a test.', sources: ['api'],
    });
    expect(code((await api.query(create, { to: 'bone' }, AUTH)).body)).toBe('CONFLICT');
    expect(code((await api.query(create, { to: 'api-nowhere' }, AUTH)).body)).toBe('NOT_FOUND');
    const deleted = await api.query('mutation { deleteRelation(from: "api-relation-cell", type: LOCATED_IN, to: "bone") { type } }', {}, AUTH);
    expect(deleted.body.data.deleteRelation).toEqual({ type: 'LOCATED_IN' });
    expect(code((await api.query('mutation { deleteRelation(from: "api-relation-cell", type: LOCATED_IN, to: "bone") { type } }', {}, AUTH)).body)).toBe('NOT_FOUND');
  });

  it('creates, updates and deletes a comparison with its table', async () => {
    await api.query(CREATE_CONCEPT, { input: cell('api-left') }, AUTH);
    await api.query(CREATE_CONCEPT, { input: cell('api-right') }, AUTH);
    const created = await api.query(
      `mutation { createComparison(input: { concepts: ["api-left", "api-right"], title: "Left vs Right",
        aspects: [{ name: "Side", values: ["Left.", "Right."] }] }) { slug concepts { slug } aspects { name values } } }`,
      {},
      AUTH,
    );
    expect(created.body.data.createComparison).toEqual({
      slug: 'api-left-vs-api-right', concepts: [{ slug: 'api-left' }, { slug: 'api-right' }], aspects: [{ name: 'Side', values: ['Left.', 'Right.'] }],
    });
    const ragged = await api.query(
      'mutation { updateComparison(slug: "api-left-vs-api-right", changes: { aspects: [{ name: "Side", values: ["Only one."] }] }) { slug } }',
      {},
      AUTH,
    );
    expect(code(ragged.body)).toBe('VALIDATION');
    const updated = await api.query(
      'mutation { updateComparison(slug: "api-left-vs-api-right", changes: { title: "Left and Right" }) { title aspects { name } } }',
      {},
      AUTH,
    );
    expect(updated.body.data.updateComparison).toEqual({ title: 'Left and Right', aspects: [{ name: 'Side' }] });
    const deleted = await api.query('mutation { deleteComparison(slug: "api-left-vs-api-right") { slug } }', {}, AUTH);
    expect(deleted.body.data.deleteComparison).toEqual({ slug: 'api-left-vs-api-right' });
    const [aspects] = await api.db.read<{ n: number }>("MATCH (a:Aspect) WHERE a.key STARTS WITH 'api-left' RETURN count(a) AS n");
    expect(aspects!.n).toBe(0);
  });

  it('keeps the graph rules: no self relation or comparison, kinds that fit, one comparison per pair', async () => {
    await api.query(CREATE_CONCEPT, { input: cell('api-rule-cell') }, AUTH);
    const relate = (from: string, type: string, to: string) =>
      api.query(`mutation { createRelation(input: { from: "${from}", type: ${type}, to: "${to}" }) { type } }`, {}, AUTH);
    const self = await relate('api-rule-cell', 'PART_OF', 'api-rule-cell');
    expect(code(self.body)).toBe('VALIDATION');
    expect(self.body.errors![0]!.message).toContain('cannot join "api-rule-cell" to itself');
    // A cell does not occur in anything: OCCURS_IN is for processes.
    const misfit = await relate('api-rule-cell', 'OCCURS_IN', 'bone');
    expect(code(misfit.body)).toBe('VALIDATION');
    expect(misfit.body.errors![0]!.message).toMatch(/^OCCURS_IN cannot join a CELL to a TISSUE/);
    expect((await relate('api-rule-cell', 'CAPABLE_OF', 'ossification')).body.data.createRelation).toEqual({ type: 'CAPABLE_OF' });
    // Turning the cell into a tissue would break CAPABLE_OF? No (tissues may carry out processes); into a process, yes.
    const rekind = await api.query('mutation { updateConcept(slug: "api-rule-cell", changes: { kind: PATHOLOGY }) { kind } }', {}, AUTH);
    expect(code(rekind.body)).toBe('VALIDATION');
    expect(rekind.body.errors![0]!.message).toContain('api-rule-cell CAPABLE_OF ossification');

    const compare = (a: string, b: string) =>
      api.query(`mutation { createComparison(input: { concepts: ["${a}", "${b}"], title: "T", aspects: [{ name: "A", values: ["x", "y"] }] }) { slug } }`, {}, AUTH);
    expect(code((await compare('api-rule-cell', 'api-rule-cell')).body)).toBe('VALIDATION');
    // "Calcification vs ossification" exists: "ossification vs calcification" is the same comparison.
    const reversed = await compare('ossification', 'calcification');
    expect(code(reversed.body)).toBe('CONFLICT');
    expect(reversed.body.errors![0]!.message).toBe('comparison "calcification-vs-ossification" already compares ossification and calcification');
  });
});
