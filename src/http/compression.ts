import { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

/**
 * Compression by Accept-Encoding: Brotli, else gzip, for text responses over a small size
 * (JSON, GraphQL results, exports). Static pages and assets come compressed already from
 * their own plugins (compressed once, kept); event streams are never compressed.
 */

export type Encoding = 'br' | 'gzip';
/** Smaller bodies go as they are: the headers would outweigh the saving. */
export const COMPRESSION_THRESHOLD = 1024;
const COMPRESSIBLE = /^(text\/(?!event-stream)|application\/(json|graphql-response\+json|ld\+json|x-ndjson|javascript)|image\/svg\+xml)/;

/** The best encoding the client accepts (q-values honoured; br before gzip), or null. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const allows = (encoding: string) => (accepted.get(encoding) ?? accepted.get('*') ?? 0) > 0;
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return null;
}

/** A compressing transform for a response streamed as it is produced: fast settings. */
function compressor(encoding: Encoding): { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> } {
  const stream =
    encoding === 'br'
      ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 }, flush: zlib.constants.BROTLI_OPERATION_FLUSH })
      : zlib.createGzip({ level: 6, flush: zlib.constants.Z_SYNC_FLUSH });
  return Duplex.toWeb(stream) as never;
}

/** Compresses a whole buffer once, for content that is kept and served many times. */
export function compressOnce(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: Buffer) => (error ? reject(error) : resolve(result));
    if (encoding === 'br') {
      zlib.brotliCompress(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }, done);
    } else zlib.gzip(body, { level: 9 }, done);
  });
}

export function useCompression(): Plugin {
  return {
    onResponse({ request, response, setResponse }) {
      if (response.headers.has('content-encoding') || request.method === 'HEAD' || response.status === 204 || response.status === 304) return;
      const type = response.headers.get('content-type') ?? '';
      if (!COMPRESSIBLE.test(type)) return;
      const length = response.headers.get('content-length');
      if (length !== null && Number(length) < COMPRESSION_THRESHOLD) return;
      response.headers.append('vary', 'Accept-Encoding');
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      // The body is read last: for a response made from a string, reading it builds a stream.
      if (!encoding || !response.body) return;
      const headers = new Headers(response.headers);
      headers.set('content-encoding', encoding);
      headers.delete('content-length');
      setResponse(new Response(response.body.pipeThrough(compressor(encoding)), { status: response.status, statusText: response.statusText, headers }));
    },
  };
}
