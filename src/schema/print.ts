import { printSchema } from 'graphql';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { schema } from './index.js';

export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

/** The SDL committed as schema/schema.graphql; a test fails when the file and the code differ. */
export function printedSchema(): string {
  return `${printSchema(schema)}\n`;
}
