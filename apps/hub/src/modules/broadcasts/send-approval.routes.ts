import {
  Broadcast,
  BroadcastUpdateInput,
  RejectionInput,
  SendApprovalInput,
  SendApprovalSetting,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PgBoss } from 'pg-boss';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { updateBroadcast } from './broadcast-update.service.js';
import type { Db } from './broadcasts.tables.js';
import { approveBroadcast, rejectBroadcast } from './send-approval.service.js';
import { getSendApproval, putSendApproval } from './send-approval.settings.js';

/** Four-eyes approval of large sends: the thresholds, approving, rejecting, changing one. */
export const sendApprovalRoutes: FastifyPluginAsyncZod<{
  db: Db;
  boss: PgBoss;
  defaultThreshold: number | null;
  now(): number;
}> = async (app, deps) => {
  const { db, defaultThreshold } = deps;

  app.get(
    '/organisations/:id/send-approval',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getSendApproval',
        summary: 'Get an organisation’s send-approval threshold',
        description:
          'The audience size above which the organisation’s broadcasts wait for a second person: the one it set, and the one in force (its own, the nearest above it, or the hub’s default).',
        tags: ['broadcasts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: SendApprovalSetting },
      },
    },
    async (request) =>
      getSendApproval(db, requireAuth(request), request.params.id, defaultThreshold),
  );

  app.put(
    '/organisations/:id/send-approval',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'putSendApproval',
        summary: 'Set an organisation’s send-approval threshold',
        description:
          'For the organisation and beneath it (unless they set their own): a broadcast reaching more contacts than this waits in `awaiting_approval`. `{"threshold": null}` inherits again. Broadcasts already created keep their status.',
        tags: ['broadcasts'],
        errorCodes: ['not_found', 'validation_failed'],
        params: IdParams,
        body: SendApprovalInput,
        response: { 200: SendApprovalSetting },
      },
    },
    async (request) =>
      putSendApproval(
        db,
        requireAuth(request),
        request.params.id,
        request.body.threshold,
        defaultThreshold,
        new Date(deps.now()),
      ),
  );

  app.post(
    '/broadcasts/:id/approve',
    {
      config: { scope: 'approve' },
      schema: {
        operationId: 'approveBroadcast',
        summary: 'Approve a large broadcast',
        description:
          'Lets a broadcast awaiting approval go: it is queued for its `sendAt`. Refused to its requester and to keys they created (`approval_self`), and to a broadcast not awaiting approval (`approval_not_pending`). The version, segment query, channels and audience approved are recorded; changing one before it starts sending voids the approval.',
        tags: ['broadcasts'],
        errorCodes: ['not_found', 'approval_self', 'approval_not_pending'],
        params: IdParams,
        response: { 200: Broadcast },
      },
    },
    async (request) => approveBroadcast(deps, requireAuth(request), request.params.id),
  );

  app.post(
    '/broadcasts/:id/reject',
    {
      config: { scope: 'approve' },
      schema: {
        operationId: 'rejectBroadcast',
        summary: 'Reject a large broadcast',
        description:
          'Refuses a broadcast awaiting approval, with a comment saying why: it ends `rejected` and sends nothing. The same four-eyes rule as approving.',
        tags: ['broadcasts'],
        errorCodes: ['not_found', 'approval_self', 'approval_not_pending'],
        params: IdParams,
        body: RejectionInput,
        response: { 200: Broadcast },
      },
    },
    async (request) =>
      rejectBroadcast(deps, requireAuth(request), request.params.id, request.body.comment),
  );

  app.patch(
    '/broadcasts/:id',
    {
      config: { scope: 'send' },
      schema: {
        operationId: 'updateBroadcast',
        summary: 'Change a broadcast',
        description:
          'Changes a broadcast not yet sending (segment, channels, content, variables, `sendAt`), checked as when it was created. Its audience meets the threshold again: over it, it waits for approval (you are its requester); an approval it had is void.',
        tags: ['broadcasts'],
        errorCodes: [
          'not_found',
          'broadcast_not_editable',
          'segment_empty',
          'template_variable_missing',
          'recommendation_not_published',
        ],
        params: IdParams,
        body: BroadcastUpdateInput,
        response: { 200: Broadcast },
      },
    },
    async (request) => updateBroadcast(deps, requireAuth(request), request.params.id, request.body),
  );
};
