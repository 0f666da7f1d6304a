import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ERRORS, errorResponse } from '../errors.js';

/** The largest request body the server reads: a GraphQL document, its variables, an export's form. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

const tooLargeMessage = (limit: number) => `the request body is larger than the ${limit} bytes the server reads`;
const tooLarge = (limit: number) => errorResponse('REQUEST_TOO_LARGE', tooLargeMessage(limit));
/** The same refusal thrown from a request parser, which yoga turns into the response. */
const tooLargeError = (limit: number) =>
  new GraphQLError(tooLargeMessage(limit), { extensions: { code: 'REQUEST_TOO_LARGE', http: { status: ERRORS.REQUEST_TOO_LARGE.status } } });

/**
 * Request bodies are bounded. A body that declares its length (what every HTTP client sends
 * for a JSON post) is refused by that number before a byte of it is read; Node's HTTP parser
 * then reads exactly that many bytes, so nothing needs counting. A body without a length
 * (chunked) is counted as it arrives and refused once past the limit.
 *
 * This replaces graphql-yoga's own limit (`maxRequestBodySize`), which passes every body
 * through a TransformStream whatever its declared length: a stream pipeline per request,
 * a fifth of Node's CPU time per small lookup.
 */
export function useRequestBodyLimit(limit = MAX_REQUEST_BODY_BYTES): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const length = request.headers.get('content-length');
      if (length === null) return;
      if (!/^\d+$/.test(length)) endResponse(errorResponse('BAD_REQUEST', 'the Content-Length header is not a number of bytes'));
      else if (Number(length) > limit) endResponse(tooLarge(limit));
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      // Asked last: reading `request.body` builds a stream, and most requests declare their length.
      if (!requestParser || request.headers.get('content-length') !== null || !request.body) return;
      setRequestParser(async (unbounded) => {
        const chunks = await readAtMost(unbounded, limit);
        if (chunks === null) throw tooLargeError(limit);
        const body = new fetchAPI.Blob(chunks);
        return requestParser(new fetchAPI.Request(unbounded.url, { method: unbounded.method, headers: unbounded.headers, body, signal: unbounded.signal }));
      });
    },
  };
}

/** The whole body, in the chunks it came in, or null as soon as it passes `limit` bytes (the rest is not read). */
export async function readAtMost(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>[] | null> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as ReadableStreamReadResult<Uint8Array<ArrayBuffer> | string>;
    if (done) break;
    // Node's requests stream bytes; a body handed to yoga.fetch as a string may stream it as is.
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    size += bytes.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(bytes);
  }
  return chunks;
}
