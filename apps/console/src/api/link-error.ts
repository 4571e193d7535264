import { SafenetApiError } from '@safenet/sdk';

/**
 * The error to show for an emailed link's token: an unknown or revoked token answers
 * `404 not_found`, which on these pages means the link, not a record, is gone.
 */
export function linkError(error: unknown): unknown {
  if (error instanceof SafenetApiError && error.code === 'not_found') return 'invalid_link';
  return error;
}
