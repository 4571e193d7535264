import { Id } from '@safenet/core';
import { z } from 'zod';

/** The path parameters every route of a form's period shares, and their key. */

const PeriodKey = z.string().min(1).max(20).describe('once, 2022-2023, 2023-Q2 or 2023-04');

/** `/report-forms/:id/periods/:periodKey…` */
export const PeriodParams = z.strictObject({ id: Id, periodKey: PeriodKey });

/** `/report-forms/:id/periods/:periodKey/…/:orgId` */
export const OrgParams = PeriodParams.extend({ orgId: Id });

/** The (form, period, organisation) a route names. */
export const keyOf = (p: z.output<typeof OrgParams>) => ({
  formId: p.id,
  periodKey: p.periodKey,
  orgId: p.orgId,
});
