import {
  Id,
  Page,
  PageQuery,
  WebhookAttempt,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  WebhookEndpointWithSecret,
  WebhookMessage,
  WebhookMessageListQuery,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import {
  createEndpoint,
  deleteEndpoint,
  findEndpoint,
  findMessage,
  messagesOf,
  replayMessage,
  rotateSecret,
  sendTestEvent,
  updateEndpoint,
} from './endpoints.service.js';
import { listAttempts, listEndpoints, toEndpoint, toMessage } from './endpoints.store.js';
import type { Db } from './endpoints.tables.js';

const MessageParams = z.strictObject({ id: Id, messageId: Id });
const tags = ['webhook-endpoints'];
const BASE = '/webhook-endpoints';

/** What the routes need besides the database. */
export interface EndpointRoutesOptions {
  db: Db;
  /** The hub's clock (epoch ms). */
  now(): number;
}

/**
 * Outbound webhooks: endpoints that receive the organisation's events, their messages and
 * each message's tries. An admin's business, every route: an endpoint decides where the
 * organisation's events go.
 */
export const endpointRoutes: FastifyPluginAsyncZod<EndpointRoutesOptions> = async (
  app,
  { db, now },
) => {
  const clock = () => new Date(now());

  app.get(
    BASE,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listWebhookEndpoints',
        summary: 'List webhook endpoints',
        description:
          'The webhook endpoints of your subtree, a page at a time; never their secrets.',
        tags,
        querystring: PageQuery,
        response: { 200: Page(WebhookEndpoint) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listEndpoints(db, requireAuth(request).orgId, { cursor, limit });
    },
  );

  app.post(
    BASE,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'createWebhookEndpoint',
        summary: 'Create a webhook endpoint',
        description:
          'Registers a URL that receives the events of an organisation of your subtree (and of the organisations beneath it), signed as the Standard Webhooks specification says. The signing secret is in this answer only.',
        tags,
        errorCodes: ['not_found', 'webhook_url_invalid'],
        body: WebhookEndpointInput,
        response: { 201: WebhookEndpointWithSecret },
      },
    },
    async (request, reply) => {
      const { row, secret } = await createEndpoint(db, requireAuth(request), request.body, clock());
      return reply.status(201).send({ ...toEndpoint(row), secret });
    },
  );

  app.get(
    `${BASE}/:id`,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'getWebhookEndpoint',
        summary: 'Get a webhook endpoint',
        description: 'One webhook endpoint of your subtree, without its secret.',
        tags,
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: WebhookEndpoint },
      },
    },
    async (request) => toEndpoint(await findEndpoint(db, requireAuth(request), request.params.id)),
  );

  app.patch(
    `${BASE}/:id`,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'updateWebhookEndpoint',
        summary: 'Update a webhook endpoint',
        description:
          'Changes the fields given: URL, description (`null` clears it), event types (`null`: every type) or whether it is enabled. A disabled endpoint gets no new events, and its queued messages wait until it is enabled again.',
        tags,
        errorCodes: ['not_found', 'webhook_url_invalid'],
        params: IdParams,
        body: WebhookEndpointPatch,
        response: { 200: WebhookEndpoint },
      },
    },
    async (request) =>
      toEndpoint(
        await updateEndpoint(db, requireAuth(request), request.params.id, request.body, clock()),
      ),
  );

  app.delete(
    `${BASE}/:id`,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'deleteWebhookEndpoint',
        summary: 'Delete a webhook endpoint',
        description:
          'Deletes an endpoint with its messages and their attempts; messages not yet delivered are not sent.',
        tags,
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteEndpoint(db, requireAuth(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${BASE}/:id/rotate-secret`,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'rotateWebhookEndpointSecret',
        summary: 'Rotate a webhook endpoint’s secret',
        description:
          'Gives the endpoint a new signing secret, in this answer only. For 24 hours messages carry two signatures, one per secret, so the receiver can switch without losing a message; then only the new one.',
        tags,
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: WebhookEndpointWithSecret },
      },
    },
    async (request) => {
      const { row, secret } = await rotateSecret(
        db,
        requireAuth(request),
        request.params.id,
        clock(),
      );
      return { ...toEndpoint(row), secret };
    },
  );

  app.post(
    `${BASE}/:id/test`,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'sendWebhookTestEvent',
        summary: 'Send a test event',
        description:
          'Queues a `webhook.test` event for this endpoint, whatever its event types, and answers the message: follow it in the message list.',
        tags,
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 202: WebhookMessage },
      },
    },
    async (request, reply) => {
      const message = await sendTestEvent(db, requireAuth(request), request.params.id, clock());
      return reply.status(202).send(message);
    },
  );

  app.get(
    `${BASE}/:id/messages`,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listWebhookMessages',
        summary: 'List an endpoint’s messages',
        description:
          'The events queued for the endpoint, oldest first, of one `status` if given (`failing` and `dead` ones are those to look at), a page at a time.',
        tags,
        errorCodes: ['not_found'],
        params: IdParams,
        querystring: WebhookMessageListQuery,
        response: { 200: Page(WebhookMessage) },
      },
    },
    async (request) => messagesOf(db, requireAuth(request), request.params.id, request.query),
  );

  app.get(
    `${BASE}/:id/messages/:messageId`,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'getWebhookMessage',
        summary: 'Get a message',
        description: 'One message of the endpoint: its status, tries and payload.',
        tags,
        errorCodes: ['not_found'],
        params: MessageParams,
        response: { 200: WebhookMessage },
      },
    },
    async (request) => {
      const { id, messageId } = request.params;
      return toMessage(await findMessage(db, requireAuth(request), id, messageId));
    },
  );

  app.get(
    `${BASE}/:id/messages/:messageId/attempts`,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listWebhookAttempts',
        summary: 'List a message’s attempts',
        description:
          'Every try of the message, oldest first: when, the HTTP status, the first 1,024 characters of the answer, how long it took, or why no answer came.',
        tags,
        errorCodes: ['not_found'],
        params: MessageParams,
        querystring: PageQuery,
        response: { 200: Page(WebhookAttempt) },
      },
    },
    async (request) => {
      const { id, messageId } = request.params;
      const message = await findMessage(db, requireAuth(request), id, messageId);
      const { limit, cursor } = request.query;
      return listAttempts(db, message.id, { cursor, limit });
    },
  );

  app.post(
    `${BASE}/:id/messages/:messageId/replay`,
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'replayWebhookMessage',
        summary: 'Replay a message',
        description:
          'Sends a delivered or dead message again, now, with the retry schedule from its start and the same `webhook-id`. `409 webhook_message_not_replayable` while it is still being tried.',
        tags,
        errorCodes: ['not_found', 'webhook_message_not_replayable'],
        params: MessageParams,
        response: { 200: WebhookMessage },
      },
    },
    async (request) => {
      const { id, messageId } = request.params;
      return replayMessage(db, requireAuth(request), id, messageId, clock());
    },
  );
};
