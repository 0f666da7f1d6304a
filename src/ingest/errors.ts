/**
 * An input file that cannot be imported, told as "file:line: reason; nothing was imported".
 * Each format has its own code, so callers can tell an article from an ontology problem.
 */
export class InputFileError extends Error {
  constructor(
    readonly code: 'ARTICLE_INVALID' | 'OBO_INVALID',
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}; nothing was imported`);
  }
}
