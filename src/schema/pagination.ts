import type { ObjectRef } from '@pothos/core';
import { builder } from './builder.js';
import { badInput, intInRange } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `first`, checked: absent means the default, anything outside 0..MAX_PAGE_SIZE is refused. */
export function pageSize(first: number | null | undefined, argument = 'first'): number {
  return first === null || first === undefined ? DEFAULT_PAGE_SIZE : intInRange(argument, first, 0, MAX_PAGE_SIZE);
}

/**
 * Cursors are opaque to clients: base64url of "<connection>:<sort key>". Keys are the rows'
 * own sort keys (not offsets), so a cursor stays valid while rows are inserted before it.
 */
export function encodeCursor(connection: string, key: string): string {
  return Buffer.from(`${connection}:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(connection: string, cursor: string | null | undefined, argument = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const decoded = /^[A-Za-z0-9_-]{1,1000}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const prefix = `${connection}:`;
  if (!decoded.startsWith(prefix) || decoded.length === prefix.length) {
    throw badInput(argument, 'is not a cursor of this connection; pass an endCursor returned by the same field');
  }
  return decoded.slice(prefix.length);
}

export interface PageShape<T> {
  rows: T[];
  hasNextPage: boolean;
  totalCount: number;
  cursorOf: (row: T) => string;
  /** True when the page was asked for with `after`, i.e. rows exist before it. */
  hasPreviousPage: boolean;
}

/** A page's PageInfo: whether pages follow and precede it, and its first and last cursors. */
export function pageInfoOf<T>(page: PageShape<T>) {
  const first = page.rows[0];
  const last = page.rows.at(-1);
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: first === undefined ? null : page.cursorOf(first),
    endCursor: last === undefined ? null : page.cursorOf(last),
  };
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Defines `<Name>Connection { edges, pageInfo, totalCount }` and `<Name>Edge { cursor, node }`. */
export function connectionType<T>(name: string, nodeRef: ObjectRef<Types, T>) {
  // An edge is its row and its page; the cursor is encoded only when a query selects it.
  const Edge = builder.objectRef<{ page: PageShape<T>; node: T }>(`${name}Edge`).implement({
    description: `One ${name.toLowerCase()} of a page, with its cursor.`,
    fields: (t) => ({
      cursor: t.string({ description: 'Pass as `after` to get the items that follow this one.', resolve: (edge) => edge.page.cursorOf(edge.node) }),
      // The generic T cannot be narrowed to Pothos' resolver shape; nodeRef fixes the runtime type.
      node: t.field({ type: nodeRef, description: `The ${name.toLowerCase()}.`, resolve: (edge) => edge.node as never }),
    }),
  });
  return builder.objectRef<PageShape<T>>(`${name}Connection`).implement({
    description: `A page of ${name.toLowerCase()}s, with where it sits in the whole list.`,
    fields: (t) => ({
      edges: t.field({
        type: [Edge],
        description: 'The items of this page, in order.',
        resolve: (page) => page.rows.map((node) => ({ page, node })),
      }),
      pageInfo: t.field({
        type: builder.pageInfoRef(),
        description: 'Whether more pages follow, and the cursors to ask for them.',
        resolve: pageInfoOf,
      }),
      totalCount: t.exposeInt('totalCount', { description: 'All items of the connection, on every page.' }),
    }),
  });
}
