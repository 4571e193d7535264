/**
 * Where a command reads and writes. Commands never touch `process` directly: main.ts gives
 * them the real streams, and the reference renderer builds the command tree without any.
 */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  /**
   * Calls `onInterrupt` on Ctrl-C (SIGINT) instead of ending the process, until the returned
   * function is called: a long-running command detaches cleanly and says how to pick up again.
   */
  onInterrupt(onInterrupt: () => void): () => void;
}

/** The process's own streams and signals. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/** Writes one line to stderr: notes and hints that must never mix with a command's data. */
export function note(io: Io, text: string): void {
  io.stderr.write(`${text}\n`);
}
