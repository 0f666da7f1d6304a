import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spellings } from '../src/graph/resolve.js';
import { seededApi } from './support/harness.js';

describe('spellings', () => {
  it('gives the singular and the plural of the last word, the input first', () => {
    expect(spellings('Lacunae')).toEqual(['lacunae', 'lacuna', 'lacunaes']);
    expect(spellings('osteoclast')).toEqual(['osteoclast', 'osteoclasts']);
    expect(spellings('Bone  cells')).toEqual(['bone cells', 'bone cell']);
    expect(spellings('bodies')).toEqual(['bodies', 'body', 'bodie']);
    expect(spellings('nucleus')).toContain('nuclei');
    expect(spellings('nuclei')).toContain('nucleus');
  });
});

describe('Query.resolve on the curated graph', () => {
  let api: Awaited<ReturnType<typeof seededApi>>;
  beforeAll(async () => {
    api = await seededApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('maps IDs, names and aliases in any case and number to their concepts, in the order given', async () => {
    const { body } = await api.query(`{ resolve(ids: ["CL:0000062", "cl:0000092", "Osteocytes", "LACUNAE", "bone", "no such thing"]) {
      input status matchedOn concept { slug } candidates { slug } message } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.resolve.map((entry: any) => [entry.input, entry.status, entry.matchedOn, entry.concept?.slug ?? null])).toEqual([
      ['CL:0000062', 'RESOLVED', 'XREF', 'osteoblast'],
      ['cl:0000092', 'RESOLVED', 'XREF', 'osteoclast'],
      ['Osteocytes', 'RESOLVED', 'ALIAS', 'osteocyte'],
      ['LACUNAE', 'RESOLVED', 'ALIAS', 'lacuna'],
      ['bone', 'RESOLVED', 'NAME', 'bone'],
      ['no such thing', 'UNKNOWN', null, null],
    ]);
    expect(body.data.resolve[5]).toMatchObject({ candidates: [], message: 'no concept has the name, alias or ontology ID "no such thing"' });
  });

  it('refuses an empty list, too many inputs and a blank one, naming the argument', async () => {
    const empty = await api.query('{ resolve(ids: []) { status } }');
    expect(empty.body.errors?.[0]).toMatchObject({ message: 'ids: must hold 1 to 100 inputs, got 0', extensions: { code: 'BAD_USER_INPUT' } });
    const many = await api.query('query($ids: [String!]!) { resolve(ids: $ids) { status } }', { ids: Array.from({ length: 101 }, (_, i) => `x${i}`) });
    expect(many.body.errors?.[0]?.message).toBe('ids: must hold 1 to 100 inputs, got 101');
    const blank = await api.query('{ resolve(ids: ["bone", "  "]) { status } }');
    expect(blank.body.errors?.[0]?.extensions).toMatchObject({ argument: 'ids[1]' });
  });
});
