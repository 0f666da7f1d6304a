import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType } from 'graphql';
import { schema } from '../src/schema/index.js';
import { printedSchema, SCHEMA_FILE } from '../src/schema/print.js';

/** A field's signature as the contract writes it: name(arg: Type = default, ...): Type. */
function signature(typeName: string, fieldName: string): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const field = type.getFields()[fieldName];
  if (!field) return `${fieldName} is missing`;
  const args = field.args.map(
    (arg) => `${arg.name}: ${String(arg.type)}${arg.defaultValue === undefined ? '' : ` = ${JSON.stringify(arg.defaultValue)}`}`,
  );
  return `${fieldName}(${args.join(', ')}): ${String(field.type)}`;
}

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run "npm run export-schema" after changing src/schema)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });

  it('carries the names of the API contract in design.md', () => {
    const sdl = printedSchema();
    for (const name of ['interface Node', 'type Concept implements Node', 'type Comparison implements Node', 'type Relation', 'type Aspect', 'type Path', 'enum Direction', 'type RelationConnection', 'type RelationEdge', 'type ConceptConnection', 'type ComparisonConnection']) {
      expect(sdl).toContain(name);
    }
    expect(signature('Query', 'concepts')).toBe('concepts(kind: ConceptKind, first: Int, after: String): ConceptConnection!');
    expect(signature('Query', 'path')).toBe('path(from: String!, to: String!, maxDepth: Int = 6, types: [RelationType!]): Path');
    expect(signature('Query', 'node')).toBe('node(id: ID!): Node');
    expect(signature('Query', 'concept')).toBe('concept(slug: String!): Concept');
    expect(signature('Query', 'comparison')).toBe('comparison(slug: String!): Comparison');
    expect(signature('Concept', 'relations')).toBe(
      'relations(direction: Direction = "BOTH", types: [RelationType!], first: Int, after: String): RelationConnection!',
    );
  });
});

describe('a schema that documents itself', () => {
  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
      if (!type.description) missing.push(`type ${type.name}`);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('docs/errors.md', () => {
  it('is the error catalogue as printed from src/errors.ts (run "npm run export-errors" after changing it)', async () => {
    const { errorsDocument } = await import('../src/errors.js');
    expect(await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8')).toBe(errorsDocument());
  });
});
