import { SafenetApiError } from '@safenet/sdk';
import type { TFunction } from 'i18next';

/**
 * A sentence for an error the hub or the network gave, in the reader's language: from its
 * stable `code` when the console knows it, else a general one with the hub's request id.
 */
export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof SafenetApiError) {
    const key = `errors.${error.code}`;
    const known = t(key as 'errors.unknown', {
      defaultValue: '',
      detail: error.errors.map((e) => e.message).join('; ') || (error.detail ?? ''),
      code: error.code,
      requestId: error.requestId ?? '—',
    });
    if (known) return known;
    return t('errors.unknown', { code: error.code, requestId: error.requestId ?? '—' });
  }
  return t('errors.unknown', { code: 'client_error', requestId: '—' });
}

/** The field-level problems of a `validation_failed` answer, by the field's last path part. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof SafenetApiError)) return {};
  const fields: Record<string, string> = {};
  for (const field of error.errors) {
    const name = String(field.path).split('.').pop() ?? String(field.path);
    fields[name] = field.message;
  }
  return fields;
}

/**
 * The field-level problems of an answer by their path in the body (`body.phases.1.startsOn`
 * is `phases.1.startsOn`), for forms where the same field name repeats (each phase has its
 * own dates). Several problems of one field are joined.
 */
export function fieldErrorsByPath(error: unknown): Record<string, string> {
  if (!(error instanceof SafenetApiError)) return {};
  const fields: Record<string, string> = {};
  for (const field of error.errors) {
    const path = String(field.path).replace(/^body\./, '');
    fields[path] = fields[path] ? `${fields[path]}; ${field.message}` : field.message;
  }
  return fields;
}
