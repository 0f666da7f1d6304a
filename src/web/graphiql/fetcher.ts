import { getOperationAST, parse } from 'graphql';

/**
 * GraphiQL's fetcher for the GraphQL endpoint: queries and mutations as JSON over POST;
 * subscriptions as server-sent events (graphql-yoga's transport), each `next` event handed to
 * GraphiQL as it arrives, until the server completes the stream or the user stops it.
 */
interface Params {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}
interface Options {
  headers?: Record<string, unknown>;
}

/**
 * The operation to run and whether it is a subscription. GraphiQL updates the operation name
 * a moment after an edit, so a run right after typing can carry the name of what the editor
 * held before: when the document has one operation, that one is meant.
 */
function operationOf(params: Params): { operationName: string | undefined; subscription: boolean } {
  const asked = params.operationName ?? undefined;
  try {
    const document = parse(params.query);
    const operation = getOperationAST(document, asked) ?? getOperationAST(document);
    return { operationName: operation?.name?.value ?? (operation ? undefined : asked), subscription: operation?.operation === 'subscription' };
  } catch {
    return { operationName: asked, subscription: false }; // the server explains a syntax error better
  }
}

async function* events(response: Response): AsyncGenerator<unknown> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (event === 'complete') return;
        if (event === 'next' && data) yield JSON.parse(data);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export const fetcherFor = (endpoint: string) => async (params: Params, options?: Options): Promise<unknown> => {
  const headers = { 'content-type': 'application/json', ...(options?.headers as Record<string, string> | undefined) };
  const operation = operationOf(params);
  const body = JSON.stringify({ query: params.query, operationName: operation.operationName, variables: params.variables ?? undefined });
  if (operation.subscription) {
    const response = await fetch(endpoint, { method: 'POST', headers: { ...headers, accept: 'text/event-stream' }, body });
    if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) return response.json();
    return events(response);
  }
  const response = await fetch(endpoint, { method: 'POST', headers: { ...headers, accept: 'application/graphql-response+json, application/json' }, body });
  return response.json();
};
