import { Id } from '@safenet/core';
import { z } from 'zod';

/** The body of a 204 answer. */
export const NoContent = z.null().describe('No content');

/** `:id` path parameter. */
export const IdParams = z.strictObject({ id: Id });
