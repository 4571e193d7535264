/** The telegram module: what other modules and the hub may use of it. */
export { type TelegramConfig, telegramConfig } from './telegram.config.js';
export {
  createTelegramModule,
  type TelegramDoors,
  type TelegramModule,
  type TelegramPlatform,
} from './telegram.module.js';
