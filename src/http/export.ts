import type { Plugin } from 'graphql-yoga';
import type { ExportReader } from '../graph/export.js';
import { DomainError } from '../graph/errors.js';
import { DatabaseUnavailableError } from '../db/supervisor.js';
import { errorResponse } from '../errors.js';
import { BIOLINK_MODEL_VERSION, JSONLD_CONTEXT } from '../export/biolink.js';
import { parseExportRequest } from '../export/request.js';
import { CONTENT_TYPES, fileName, writeExport } from '../export/writers.js';
import type { Admission } from './admission.js';
import { getOnly } from './error-bodies.js';

/**
 * GET /export — the graph or a view of it as KGX, JSON-LD or CSV, streamed as it is read;
 * GET /context.jsonld — the JSON-LD context the exports use. Parameters: export/request.ts.
 */

/** Text chunks gathered into buffers of about this size before they are sent. */
const CHUNK_BYTES = 64 * 1024;

/** A pull-driven byte stream of `chunks`: nothing is read ahead of what the client takes. */
function byteStream(chunks: AsyncGenerator<string>, onDone: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let done = false;
  const finish = () => {
    if (!done) {
      done = true;
      onDone();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let text = '';
        while (text.length < CHUNK_BYTES) {
          const next = await chunks.next();
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text));
            controller.close();
            finish();
            return;
          }
          text += next.value;
        }
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel() {
      finish();
      await chunks.return(undefined);
    },
  });
}

export function useExport(reader: ExportReader, admission?: Admission): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== '/export' && url.pathname !== '/context.jsonld') return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(getOnly(url.pathname));
        return;
      }
      if (url.pathname === '/context.jsonld') {
        endResponse(new Response(JSON.stringify({ '@context': JSONLD_CONTEXT }, null, 2), { headers: { 'content-type': 'application/ld+json; charset=utf-8', 'cache-control': 'public, max-age=3600' } }));
        return;
      }
      const parsed = parseExportRequest(url.searchParams);
      if (typeof parsed === 'string') {
        endResponse(errorResponse('BAD_REQUEST', parsed));
        return;
      }
      if (admission && !(await admission.enter())) {
        endResponse(errorResponse('OVERLOADED'));
        return;
      }
      const release = () => admission?.release();
      try {
        const slugs = await reader.resolve(parsed.view);
        const chunks = writeExport(parsed.format, parsed.part, { nodes: () => reader.nodes(slugs), edges: () => reader.edges(slugs) });
        endResponse(
          new Response(request.method === 'HEAD' ? null : byteStream(chunks, release), {
            headers: {
              'content-type': CONTENT_TYPES[parsed.format],
              'content-disposition': `attachment; filename="${fileName(parsed.format, parsed.part)}"`,
              'x-biolink-model': BIOLINK_MODEL_VERSION,
            },
          }),
        );
        if (request.method === 'HEAD') release();
      } catch (error) {
        release();
        if (error instanceof DomainError) endResponse(errorResponse('BAD_REQUEST', error.message));
        else if (error instanceof DatabaseUnavailableError) endResponse(errorResponse('DATABASE_UNAVAILABLE'));
        else throw error;
      }
    },
  };
}
