import { describe, expect, it } from 'vitest';
import { DELIVERY_REASONS, isDeliveryReason } from './delivery.schema.js';

describe('isDeliveryReason', () => {
  it('accepts the delivery reasons only, not inherited object properties', () => {
    for (const reason of Object.keys(DELIVERY_REASONS)) {
      expect(isDeliveryReason(reason), reason).toBe(true);
    }
    for (const value of ['toString', 'constructor', '__proto__', 'OPTED_OUT', 'no_such_reason']) {
      expect(isDeliveryReason(value), value).toBe(false);
    }
    for (const value of [1, undefined, null, {}, ['opted_out']]) {
      expect(isDeliveryReason(value)).toBe(false);
    }
  });
});
