import type { ErrorCode } from '../errors.js';

/**
 * The domain's errors, each with a stable machine-readable code that the API passes on as
 * `extensions.code`. Messages are written for the person who sent the request.
 */
export type DomainErrorCode = Extract<ErrorCode, 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION'>;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, key: string) => new DomainError('NOT_FOUND', `${what} "${key}" does not exist`, { key });
export const conflict = (message: string, details: Record<string, unknown> = {}) => new DomainError('CONFLICT', message, details);
export const invalid = (message: string, details: Record<string, unknown> = {}) => new DomainError('VALIDATION', message, details);
