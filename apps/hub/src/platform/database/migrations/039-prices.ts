import { type Kysely, sql } from 'kysely';

/**
 * Costs (issue 15): price tables, estimates and the prices providers report.
 *
 * - `organisation_prices` (the costs module's): an organisation's price table, for it and
 *   beneath it unless a deeper one sets its own; the hub's `SAFENET_PRICES` below them all.
 * - `broadcasts.estimated_cost`: the estimate recorded when the broadcast was created (null
 *   without a price table).
 * - `deliveries.price`, `price_unit`: what Twilio reported the message cost (its `price`, a
 *   negative decimal string as Twilio writes a charge; text, never a float), read once the
 *   SMS reached a final status. `deliveries.pricing`: WhatsApp Cloud's `pricing` object from
 *   the status webhook (billable, pricing model, category — no amount); kept on
 *   `pending_receipts.pricing` while a receipt waits for its send to be recorded.
 */
const statements = [
  sql`CREATE TABLE organisation_prices (
        org_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
        prices jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
  sql`ALTER TABLE broadcasts ADD COLUMN estimated_cost jsonb`,
  sql`ALTER TABLE deliveries ADD COLUMN price text`,
  sql`ALTER TABLE deliveries ADD COLUMN price_unit text`,
  sql`ALTER TABLE deliveries ADD COLUMN pricing jsonb`,
  sql`ALTER TABLE pending_receipts ADD COLUMN pricing jsonb`,
];

/** Price tables per organisation, the recorded estimate, reported prices. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
