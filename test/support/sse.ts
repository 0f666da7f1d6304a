import { expect } from 'vitest';
import type { buildYoga } from '../../src/yoga.js';

/**
 * A subscription over server-sent events, to a yoga instance in process or to a GraphQL URL
 * over the network: the events as they arrive, and a way to stop listening.
 */
export async function subscribe(server: ReturnType<typeof buildYoga> | string, query: string) {
  const controller = new AbortController();
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  };
  const response = typeof server === 'string' ? await fetch(server, init) : await server.fetch('http://ossigraph.test/graphql', init);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  // One read in flight at a time, kept across waits: a read abandoned to a timeout would swallow its chunk.
  let reading: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  /** The next `next` event's payload, waiting at most `ms`. */
  async function next(ms = 10_000): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = /event: next\ndata: (.*)\n\n/.exec(buffer);
      if (match) {
        buffer = buffer.slice(match.index + match[0].length);
        return JSON.parse(match[1]!);
      }
      if (Date.now() > deadline) throw new Error(`no event within ${ms} ms; got ${JSON.stringify(buffer)}`);
      reading ??= reader.read();
      const chunk = await Promise.race([reading, new Promise<null>((resolve) => setTimeout(() => resolve(null), 200))]);
      if (chunk) {
        reading = null;
        if (!chunk.done) buffer += decoder.decode(chunk.value, { stream: true });
      }
    }
  }
  return { next, stop: () => controller.abort() };
}

