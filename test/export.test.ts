import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { BIOLINK_PREDICATES, PREFIXES } from '../src/export/biolink.js';
import { KGX_EDGE_COLUMNS, KGX_NODE_COLUMNS } from '../src/export/writers.js';
import { countGraph } from '../src/graph/writer.js';
import { seededApi } from './support/harness.js';

let api: Awaited<ReturnType<typeof seededApi>>;
beforeAll(async () => {
  api = await seededApi();
});
afterAll(async () => {
  await api?.close();
});

const get = (query: string, init: RequestInit = {}) => api.yoga.fetch(`http://ossigraph.test/export?${query}`, init);
const text = async (query: string) => {
  const response = await get(query);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.text();
};
const tsv = (body: string) => {
  const [header, ...rows] = body.trimEnd().split('\n').map((line) => line.split('\t'));
  return rows.map((row) => Object.fromEntries(header!.map((column, index) => [column, row[index] ?? ''])));
};
const CURIE = /^[A-Za-z][A-Za-z0-9_.]*:[^\s|]+$/;
/** A CURIE as the IRI the JSON-LD context makes of it. */
const iri = (curie: string) => {
  const [prefix, local] = [curie.slice(0, curie.indexOf(':')), curie.slice(curie.indexOf(':') + 1)];
  return PREFIXES[prefix] ? PREFIXES[prefix] + local : curie;
};

describe('KGX export of the whole curated graph', () => {
  it('writes every concept and relation with the columns KGX requires, CURIE ids, every edge between exported nodes', async () => {
    const nodesBody = await text('format=kgx-tsv&part=nodes');
    const edgesBody = await text('format=kgx-tsv&part=edges');
    expect(nodesBody.split('\n')[0]!.split('\t')).toEqual([...KGX_NODE_COLUMNS]);
    expect(edgesBody.split('\n')[0]!.split('\t')).toEqual([...KGX_EDGE_COLUMNS]);
    const nodes = tsv(nodesBody);
    const edges = tsv(edgesBody);
    const counts = await api.db.readTx((tx) => countGraph(tx));
    expect(nodes).toHaveLength(counts.concepts);
    expect(edges).toHaveLength(counts.relations);
    const ids = new Set(nodes.map((node) => node.id));
    expect(ids.size).toBe(nodes.length);
    for (const node of nodes) {
      expect(node.id).toMatch(CURIE);
      expect(node.category).toMatch(/^biolink:[A-Z]\w+$/);
    }
    const predicates = new Set(Object.values(BIOLINK_PREDICATES).map((entry) => entry.predicate));
    for (const edge of edges) {
      expect(ids.has(edge.subject!), edge.subject).toBe(true);
      expect(ids.has(edge.object!), edge.object).toBe(true);
      expect(predicates.has(edge.predicate!)).toBe(true);
      expect(['knowledge_assertion', 'logical_entailment', 'not_provided']).toContain(edge.knowledge_level);
      expect(['manual_agent', 'automated_agent', 'not_provided']).toContain(edge.agent_type);
      expect(edge.primary_knowledge_source).toMatch(/^(infores:|article:)/);
    }
    const osteoblast = nodes.find((node) => node.id === 'CL:0000062');
    expect(osteoblast).toMatchObject({ category: 'biolink:Cell', name: 'Osteoblast', provided_by: 'infores:ossigraph' });
    expect(nodes.find((node) => node.id === 'ossigraph:rankl')).toMatchObject({ category: 'biolink:Protein' });
    expect(edges).toContainEqual(expect.objectContaining({ subject: 'ossigraph:osteoprotegerin', predicate: 'biolink:regulates', object_direction_qualifier: 'decreased', original_predicate: 'RO:0002212' }));
  });

  it('writes the same records as JSON Lines', async () => {
    const fromTsv = tsv(await text('format=kgx-tsv&part=edges'));
    const lines = (await text('format=kgx-jsonl&part=edges')).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.id, line.subject, line.predicate, line.object, line.knowledge_level, line.agent_type])).toEqual(
      fromTsv.map((row) => [row.id, row.subject, row.predicate, row.object, row.knowledge_level, row.agent_type]),
    );
    const nodes = (await text('format=kgx-jsonl&part=nodes')).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(nodes.find((node) => node.id === 'CL:0000062')).toMatchObject({ category: ['biolink:Cell'], synonym: expect.arrayContaining(['osteoblasts']) });
  });
});

describe('JSON-LD export', () => {
  it('expands with the jsonld library into the statements of the KGX export', async () => {
    const document = JSON.parse(await text('format=jsonld'));
    const edges = tsv(await text('format=kgx-tsv&part=edges'));
    const nodes = tsv(await text('format=kgx-tsv&part=nodes'));
    const quads = (await jsonld.toRDF(document)) as unknown as { subject: { value: string }; predicate: { value: string }; object: { value: string } }[];
    const predicateIris = new Set(Object.values(BIOLINK_PREDICATES).map((entry) => iri(entry.predicate)));
    const statements = new Set(quads.filter((quad) => predicateIris.has(quad.predicate.value)).map((quad) => `${quad.subject.value} ${quad.predicate.value} ${quad.object.value}`));
    expect(statements).toEqual(new Set(edges.map((edge) => `${iri(edge.subject!)} ${iri(edge.predicate!)} ${iri(edge.object!)}`)));
    const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
    const types = new Set(quads.filter((quad) => quad.predicate.value === RDF_TYPE && !quad.object.value.endsWith('/Association')).map((quad) => `${quad.subject.value} ${quad.object.value}`));
    expect(types).toEqual(new Set(nodes.map((node) => `${iri(node.id!)} ${iri(node.category!)}`)));
    // Each statement's provenance travels on its association, as in the KGX edge.
    const levels = quads.filter((quad) => quad.predicate.value === `${PREFIXES.biolink}knowledge_level`);
    expect(levels).toHaveLength(edges.length);
  });

  it('publishes its context at /context.jsonld', async () => {
    const response = await api.yoga.fetch('http://ossigraph.test/context.jsonld');
    expect(response.headers.get('content-type')).toContain('application/ld+json');
    const { '@context': context } = (await response.json()) as any;
    expect(context.biolink).toBe('https://w3id.org/biolink/vocab/');
    expect(context.CL).toEqual({ '@id': 'http://purl.obolibrary.org/obo/CL_', '@prefix': true });
  });
});

describe('views and CSV', () => {
  it('exports a concept\'s neighbourhood: the concept, its neighbours and only the relations among them', async () => {
    const nodes = tsv(await text('format=kgx-tsv&part=nodes&concept=osteoclast&depth=1'));
    const edges = tsv(await text('format=kgx-tsv&part=edges&concept=osteoclast&depth=1'));
    const ids = new Set(nodes.map((node) => node.id));
    expect(ids.has('CL:0000092')).toBe(true);
    expect(ids.has('CL:0000576')).toBe(true); // monocyte, which it develops from
    expect(ids.has('CL:0000062')).toBe(false); // osteoblast is two steps away
    for (const edge of edges) expect(ids.has(edge.subject!) && ids.has(edge.object!)).toBe(true);
    const lone = tsv(await text('format=kgx-tsv&part=nodes&concept=osteoclast&depth=0'));
    expect(lone.map((node) => node.id)).toEqual(['CL:0000092']);
  });

  it('exports a search as CSV a spreadsheet opens: a header, quoted cells where needed, one row per hit', async () => {
    const body = await text('format=csv&part=nodes&q=osteo&first=5');
    const lines = body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,slug,name,kind,category,definition,aliases,xrefs,sources');
    expect(lines).toHaveLength(6);
    expect(body).toMatch(/,"[^"]*,[^"]*",/); // a definition with a comma is quoted
  });

  it('names the file and the Biolink release in its headers', async () => {
    const response = await get('format=kgx-jsonl&part=edges&slugs=bone,cartilage&depth=0');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="ossigraph_edges.jsonl"');
    expect(response.headers.get('x-biolink-model')).toMatch(/^\d+\.\d+\.\d+/);
    await response.text();
  });

  it('refuses what it cannot do with 400 or 405 and a JSON body saying why', async () => {
    const cases: [string, string][] = [
      ['', 'format must be one of kgx-tsv, kgx-jsonl, jsonld, csv'],
      ['format=xml', 'format must be one of kgx-tsv, kgx-jsonl, jsonld, csv, got "xml"'],
      ['format=kgx-tsv', 'kgx-tsv is written as two files, nodes and edges: add part=nodes or part=edges'],
      ['format=jsonld&part=nodes', 'jsonld is one document with nodes and edges; leave out part'],
      ['format=csv&part=nodes&concept=bone&q=bone', 'choose one view: concept or q'],
      ['format=csv&part=nodes&concept=bone&depth=9', 'depth must be a whole number from 0 to 3, got "9"'],
      ['format=csv&part=nodes&concept=no-such-concept', 'no concept has the slug "no-such-concept"'],
      ['format=csv&part=nodes&colour=red', 'unknown parameter "colour"; allowed: format, part, concept, slugs, depth, q, first'],
    ];
    for (const [query, message] of cases) {
      const response = await get(query);
      expect({ query, status: response.status, body: await response.json() }).toEqual({ query, status: 400, body: { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] } });
    }
    const put = await get('format=csv&part=nodes', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(((await put.json()) as any).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    const json = await get('', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"format":"csv"}' });
    expect(json.status).toBe(415);
    expect(((await json.json()) as any).errors[0].message).toMatch(/x-www-form-urlencoded/);
  });

  it('takes a drawn view of many concepts as a POSTed form: exactly those concepts and the relations among them', async () => {
    const { body } = await api.query('{ concepts(first: 60) { edges { node { slug } } } }');
    const slugs: string[] = body.data.concepts.edges.map((edge: any) => edge.node.slug);
    expect(slugs.length).toBeGreaterThan(20);
    const form = (part: string) => new URLSearchParams({ format: 'csv', part, slugs: slugs.join(','), depth: '0' });
    const post = (part: string) => api.yoga.fetch('http://ossigraph.test/export', { method: 'POST', body: form(part) });
    const nodes = (await (await post('nodes')).text()).trimEnd().split('\r\n').slice(1);
    expect(nodes).toHaveLength(slugs.length);
    const edges = (await (await post('edges')).text()).trimEnd().split('\r\n');
    expect(edges.length).toBeGreaterThan(10);
    // A form over the limit is refused, whether it declares its length or not.
    const huge = `format=csv&part=nodes&depth=0&slugs=${'a'.repeat(300 * 1024)}`;
    for (const headers of [{ 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(huge.length) }]) {
      const refused = await api.yoga.fetch('http://ossigraph.test/export', { method: 'POST', headers, body: huge });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as any).errors[0].message).toMatch(/^the form is over \d+ KiB$/);
    }
    // The same list in a URL is refused past 20 slugs unless depth is 0.
    const wide = await get(`format=csv&part=nodes&slugs=${slugs.join(',')}&depth=1`);
    expect(wide.status).toBe(400);
    expect(((await wide.json()) as any).errors[0].message).toBe('give 1 to 20 concept slugs (up to 1000 with depth=0)');
  });
});

describe('ossigraph export', () => {
  it('writes both KGX files into a directory, the same as GET /export', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'ossigraph-export-'));
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli.ts'), 'export', '--format', 'kgx-tsv', '--concept', 'osteoclast', '--out', out], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, NEO4J_URI: inject('neo4jUri'), NEO4J_USER: inject('neo4jUser'), NEO4J_PASSWORD: inject('neo4jPassword') },
        timeout: 120_000,
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/wrote .*ossigraph_nodes\.tsv/);
      expect(readFileSync(path.join(out, 'ossigraph_nodes.tsv'), 'utf8')).toBe(await text('format=kgx-tsv&part=nodes&concept=osteoclast'));
      expect(readFileSync(path.join(out, 'ossigraph_edges.tsv'), 'utf8')).toBe(await text('format=kgx-tsv&part=edges&concept=osteoclast'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses a bad request before reaching Neo4j, in the CLI\'s words', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli.ts'), 'export', '--format', 'kgx-tsv'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1' },
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('kgx-tsv is written as two files, nodes and edges: add --part nodes or --part edges (or --out DIR for both)');
  });
});
