import { SafenetClient } from '@safenet/sdk';

/**
 * The one client of the console. It talks to the hub that served the page, with the session
 * cookie (`session: true`): the console never holds an API key. The SDK sends the CSRF token
 * it got from sign-in on every write.
 */
export const client = new SafenetClient({ baseUrl: window.location.origin, session: true });
