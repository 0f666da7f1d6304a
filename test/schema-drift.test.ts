import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isObjectType } from 'graphql';
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
