import { SafenetError } from '@safenet/core';

/**
 * Throws the retryable error every adapter reports when the hub aborts a send (shutdown or
 * send timeout) before the provider took the message. Retryable because nothing was refused:
 * the next attempt may well go through.
 */
export function throwIfAborted(signal: AbortSignal, provider: string): void {
  if (signal.aborted) throw abortedError(signal, provider);
}

/** The error for an aborted send; `cause` keeps the signal's reason. */
export function abortedError(signal: AbortSignal, provider: string): SafenetError {
  return new SafenetError('provider_unavailable', `The ${provider} send was aborted`, {
    cause: signal.reason,
  });
}
