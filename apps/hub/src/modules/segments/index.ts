/** The segments module: what other modules and the hub may use of it. */
export { createSegmentsModule } from './segments.module.js';
export { findSegment, segmentById, segmentOf } from './segments.service.js';
export type { SegmentRow } from './segments.tables.js';
