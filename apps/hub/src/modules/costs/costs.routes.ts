import { PricesInForce, PricesInput, type PriceTable } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { getPrices, putPrices } from './prices.service.js';

const TAGS = ['costs'];

/** What the costs routes need. */
export interface CostsRouteDeps {
  db: DatabaseHandle;
  now(): number;
  defaultTable: PriceTable | null;
}

/** Organisations' price tables: read by anyone of the subtree, set by admins. */
export const costsRoutes: FastifyPluginAsyncZod<{ deps: CostsRouteDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/organisations/:id/prices',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getPrices',
        summary: 'Get the price table in force for an organisation',
        description:
          'The organisation’s own table, else the nearest organisation’s above it, else the hub’s `SAFENET_PRICES`; `table: null` when there is none (previews then answer `cost: null`).',
        tags: TAGS,
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: PricesInForce },
      },
    },
    async (request) =>
      getPrices(deps.db, requireAuth(request), request.params.id, deps.defaultTable),
  );

  app.put(
    '/organisations/:id/prices',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'putPrices',
        summary: 'Set an organisation’s price table',
        description:
          'For the organisation and beneath it, unless a deeper organisation sets its own; `{"table": null}` inherits again. Prices are decimal strings (never numbers). A table that prices nothing: 400 `price_table_empty`. Broadcasts already created keep the estimate they recorded.',
        tags: TAGS,
        errorCodes: ['not_found', 'validation_failed', 'price_table_empty'],
        params: IdParams,
        body: PricesInput,
        response: { 200: PricesInForce },
      },
    },
    async (request) =>
      putPrices(
        deps.db,
        requireAuth(request),
        request.params.id,
        request.body.table,
        new Date(deps.now()),
        deps.defaultTable,
      ),
  );
};
