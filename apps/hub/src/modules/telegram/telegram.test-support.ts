import { share } from '../../platform/database/schema.js';
import type { TestHub } from '../../testing/test-hub.js';
import type { TelegramDoors, TelegramPlatform } from './telegram.module.js';

/**
 * What the tests that build the telegram module alone (not through the hub) give it: the test
 * hub's database and queue, their clock and log, and doors for posts that send nothing.
 */
export function moduleParts(
  th: TestHub,
  now: () => number,
  warn: TelegramPlatform['warn'] = () => undefined,
): {
  platform: TelegramPlatform;
  postDoors: Pick<TelegramDoors, 'channels' | 'send' | 'files'>;
} {
  return {
    platform: {
      db: share(th.hub.db),
      boss: th.hub.boss,
      now,
      warn,
      debug: () => undefined,
      onError: () => undefined,
      orgPathOf: async () => [],
    },
    postDoors: {
      channels: th.hub.channels,
      send: async () => {
        throw new Error('this test posts nothing');
      },
      files: { forVersion: async () => [] },
    },
  };
}
