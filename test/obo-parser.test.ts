import { writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OboSyntaxError, parseOboFile, readQuoted, stripTrailers } from '../src/ingest/obo-parser.js';
import { slugify } from '../src/ingest/obo.js';
import { FIXTURES_DIR } from './support/harness.js';

const fixture = (name: string) => path.join(FIXTURES_DIR, 'obo', name);

async function syntaxError(file: string): Promise<OboSyntaxError> {
  const error = await parseOboFile(file).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OboSyntaxError);
  return error as OboSyntaxError;
}

describe('OBO values', () => {
  it('reads quoted strings with escapes and leaves what follows', () => {
    expect(readQuoted('"a \\"b\\" c" EXACT [X:1]')).toEqual({ value: 'a "b" c', rest: ' EXACT [X:1]' });
    expect(readQuoted('"never closed')).toBeNull();
  });

  it('drops qualifier blocks and comments, even when one is missing', () => {
    expect(stripTrailers('CL:0000034 {is_inferred="true"} ! stem cell')).toBe('CL:0000034');
    expect(stripTrailers('UBERON:0002368 {source="BTO", source="EFO"}')).toBe('UBERON:0002368');
    expect(stripTrailers('BFO:0000050 GO:0001 ! part of')).toBe('BFO:0000050 GO:0001');
    expect(stripTrailers('GO:0001503')).toBe('GO:0001503');
  });

  it('makes kebab-case slugs from names', () => {
    expect(slugify('Osteoblast differentiation')).toBe('osteoblast-differentiation');
    expect(slugify("Paget's disease of bone")).toBe('paget-s-disease-of-bone');
    expect(slugify('GO:0001503')).toBe('go-0001503');
    expect(slugify('!!!')).toBe('');
  });
});

describe('OBO parser', () => {
  it('reads terms, synonyms, alt_ids, is_a, relationships and obsolete flags', async () => {
    const document = await parseOboFile(fixture('mini.obo'));
    expect(document.terms.map((term) => term.id)).toEqual(['GO:9990001', 'GO:9990002', 'GO:9990003']);
    const [first] = document.terms;
    expect(first).toMatchObject({
      name: 'fixture ossification step',
      definition: 'A made-up step of bone formation, with an "escaped" quote in its definition.',
      synonyms: ['fixture step'],
      altIds: ['GO:9990009'],
      isA: ['GO:0001503'],
      namespace: 'biological_process',
      obsolete: false,
    });
    expect(first!.relationships).toContainEqual({ predicate: 'BFO:0000050', target: 'GO:9990002' });
    expect(first!.relationships).toContainEqual({ predicate: 'dc-contributor', target: 'https://orcid.org/0000-0000-0000-0000' });
    expect(document.terms[2]!.obsolete).toBe(true);
    expect(document.typedefs).toEqual([{ id: 'part_of', name: 'part of', xrefs: ['BFO:0000050'] }]);
  });

  it('names file and line of a garbled line', async () => {
    const error = await syntaxError(fixture('garbled.obo'));
    expect(error.message).toMatch(/^garbled\.obo:6: expected "tag: value"/);
  });

  it('names file and line of a truncated file and of an unterminated quote', async () => {
    expect((await syntaxError(fixture('truncated.obo'))).message).toMatch(/^truncated\.obo:6: .*truncated/);
    expect((await syntaxError(fixture('unterminated.obo'))).message).toMatch(/^unterminated\.obo:6: unterminated quoted string in def/);
  });

  it('reports every problem of a file at once, each with its line', async () => {
    const error = await syntaxError(fixture('many-problems.obo'));
    expect(error.problems.map((problem) => [problem.line, problem.reason])).toEqual([
      [6, 'unterminated quoted string in def'],
      [8, '[Term] GO:9990402 has no name'],
      [10, 'expected "tag: value", found "this line has no tag"'],
      [12, '[Term] without an id'],
      [18, 'relationship needs "<relation> <target>"'],
    ]);
    expect(error.message).toMatch(/^5 problems in the input; nothing was imported:\n  many-problems\.obo:6: /);
  });

  it('refuses empty, binary and missing files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ossigraph-obo-'));
    await writeFile(path.join(dir, 'empty.obo'), '');
    await writeFile(path.join(dir, 'binary.obo'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0a, 0xff, 0xfe, 0x0a]));
    expect((await syntaxError(path.join(dir, 'empty.obo'))).message).toContain('the file is empty');
    expect((await syntaxError(path.join(dir, 'binary.obo'))).message).toMatch(/^binary\.obo:1: not a text file/);
    expect((await syntaxError(path.join(dir, 'missing.obo'))).message).toContain('no such file');
  });

  it('parses every shared ontology file', async () => {
    const dir = path.join(FIXTURES_DIR, '..', '..', '..', 'shared', 'data', 'ontologies');
    for (const [file, terms] of [['cl-basic.obo', 2692], ['uberon-import.obo', 4778], ['go-import-hp.obo', 2443], ['go-import-mondo.obo', 3845], ['doid-2016.obo', 9344]] as const) {
      const document = await parseOboFile(path.join(dir, file));
      expect(document.terms.length, file).toBe(terms);
    }
  });
});
