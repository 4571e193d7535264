import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, nodeVersionProblem } from './runtime-checks.js';

describe('nodeVersionProblem', () => {
  it.each(['v22.12.0', 'v22.23.5', 'v24.22.3', 'v26.1.0'])('accepts %s', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it.each(['v20.20.2', 'v22.11.0', 'v18.0.0'])('refuses %s with what to do', (version) => {
    expect(nodeVersionProblem(version)).toMatch(
      new RegExp(`needs Node 22\\.12 or newer \\(24 recommended\\); this is Node ${version}`),
    );
  });
});

describe('assertPortFree', () => {
  it('refuses a port something listens on, naming it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      await expect(assertPortFree('127.0.0.1', port)).rejects.toThrow(
        `127.0.0.1:${port} is already in use: stop what listens there or set PORT to a free port`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('lets a free port be listened on again afterwards', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    await assertPortFree('127.0.0.1', port);
    const again = createServer();
    await new Promise<void>((resolve) => again.listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => again.close(resolve));
  });
});
