import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from '../context.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    nodeTypeOptions: { description: 'Anything with a global ID that `node` and `nodes` can fetch again: a concept or a comparison.' },
    idFieldOptions: { description: 'An opaque global ID; pass it to `node(id:)` to fetch the item again.' },
    pageInfoTypeOptions: { description: 'Where a page of a connection sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page: ask again with `after: endCursor`.' },
    hasPreviousPageFieldOptions: { description: 'True when the page was asked for with `after`, so items come before it.' },
    startCursorFieldOptions: { description: 'The cursor of the first item of the page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of the page, to pass as `after`; null when the page is empty.' },
    nodeQueryOptions: { description: 'The concept or comparison with this global ID, or null.', args: { id: { description: 'A global ID from an `id` field.' } } },
    nodesQueryOptions: { description: 'The concepts or comparisons with these global IDs, in order; null for each unknown one.', args: { ids: { description: 'Global IDs from `id` fields.' } } },
  },
});

builder.queryType({ description: 'Read access to the bone-biology knowledge graph.' });
