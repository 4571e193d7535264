import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { memoryNonces } from '../modules/cases/case-form-guard.js';
import { type CaseFormDeps, caseFormPageRoutes } from '../modules/cases/case-form-page.routes.js';
import type { IntakeReport } from '../modules/cases/cases.intake.js';
import { clockedStore } from '../platform/http/rate-limit.store.js';

/** A small app serving only the public report form, with a recording submit. */
export interface CaseFormApp {
  app: FastifyInstance;
  /** Every report submitted, in order; the n-th answers `R-2026-00000n`. */
  submitted: IntakeReport[];
  /** The form's and the rate limit's clock: move `now` instead of waiting. */
  clock: { now: number };
}

/**
 * The public report form (cases module) alone, for tests until it is wired into the hub:
 * organisation codes map to `{ id, name }`, a fixed signing key, spent nonces in memory.
 */
export async function startCaseFormApp(options: {
  orgs: Record<string, { id: string; name: string }>;
  now: number;
  deps?: Partial<CaseFormDeps>;
}): Promise<CaseFormApp> {
  const clock = { now: options.now };
  const submitted: IntakeReport[] = [];
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(rateLimit, { global: false, store: clockedStore(() => clock.now) });
  await app.register(caseFormPageRoutes, {
    deps: {
      orgByCode: async (code) => options.orgs[code] ?? null,
      submit: async (intake) => {
        submitted.push(intake);
        return { reference: `R-2026-${String(submitted.length).padStart(6, '0')}` };
      },
      secret: async () => 'case-form-test-key',
      spendNonce: memoryNonces(() => clock.now),
      now: () => clock.now,
      ...options.deps,
    },
  });
  return { app, submitted, clock };
}
