/**
 * The points in the receipt path where work of another request or process can come between
 * two steps (webhook, send batch, receipt-timeout sweep). Production code passes no hook;
 * tests pass one that runs the other side right there, so each interleaving is played
 * deterministically instead of hoped for.
 *
 * - `receipt:looked-up`: a webhook looked its message ids up and is about to park the unknown ones;
 * - `receipt:parked`: it parked them (committed) and is about to look them up again;
 * - `settle:claimed`: a send batch recorded its sends and claimed their parked receipts,
 *   inside its transaction, not yet committed;
 * - `settle:committed`: that transaction (with the events of its moves) committed; the batch
 *   is about to claim receipts parked meanwhile;
 * - `sweep:selected`: the receipt-timeout sweep selected overdue deliveries and is about to
 *   claim their handover.
 */
export type InterleavePoint =
  | 'receipt:looked-up'
  | 'receipt:parked'
  | 'settle:claimed'
  | 'settle:committed'
  | 'sweep:selected'
  | 'price:fetched';

/** A test hook called at each {@link InterleavePoint}; the step waits for it. */
export type Interleave = (point: InterleavePoint) => Promise<void>;
