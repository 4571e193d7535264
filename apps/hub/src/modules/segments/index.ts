/** The segments module: what other modules and the hub may use of it. */
export {
  countSegment,
  hasAddressSql,
  optedOutSql,
  reachableSql,
  segmentSql,
} from './segment-sql.js';
export { createSegmentsModule } from './segments.module.js';
