import { createHash } from 'node:crypto';
import { chooseEncoding, compressOnce, type Encoding } from './compression.js';

/**
 * A page or asset kept in memory with its ETag and its Brotli and gzip forms (compressed
 * once, in the background, off the event loop), answered with 304 when the client has it.
 * Fingerprinted assets (their name carries their hash) are immutable; pages revalidate.
 */
export class CachedAsset {
  readonly etag: string;
  readonly hash: string;
  private readonly encoded = new Map<Encoding, Promise<Buffer>>();

  constructor(
    readonly body: Buffer,
    readonly type: string,
  ) {
    this.hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    this.etag = `"${this.hash}"`;
    for (const encoding of ['br', 'gzip'] as const) {
      const compressed = compressOnce(body, encoding);
      compressed.catch(() => {}); // a failure falls back to the plain body
      this.encoded.set(encoding, compressed);
    }
  }

  /** The response for `request`: 304 when its If-None-Match holds our ETag, else the body, compressed when accepted. */
  async respond(request: Request, cacheControl: string, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': this.type, 'cache-control': cacheControl, etag: this.etag, vary: 'Accept-Encoding', ...extraHeaders };
    const match = request.headers.get('if-none-match');
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === this.etag)) return new Response(null, { status: 304, headers });
    const encoding = chooseEncoding(request.headers.get('accept-encoding'));
    let body = this.body;
    if (encoding) {
      const compressed = await this.encoded.get(encoding)!.catch(() => null);
      if (compressed && compressed.length < body.length) {
        body = compressed;
        headers['content-encoding'] = encoding;
      }
    }
    headers['content-length'] = String(body.length);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  }
}

/** Pages: kept by the browser, checked with the server each time (a 304 costs a few bytes). */
export const REVALIDATE = 'no-cache';
/** Fingerprinted assets: a new build has a new name, so the old one never changes. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A script or stylesheet without its sourceMappingURL comment: source maps are served only when asked for. */
export function withoutSourceMap(code: Buffer): Buffer {
  return Buffer.from(code.toString('utf8').replace(/\n?\/[/*]# sourceMappingURL=\S+\s*(\*\/)?\s*$/, '\n'));
}
