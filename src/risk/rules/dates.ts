/**
 * Risk's names for the shared date kit (common/time-zone, common/calendar-date). Kept only so
 * that its callers compile; import from common instead.
 */
export { type IsoDate } from '../../common/calendar-date.js';
export { assertUtcOffsetMinutes, startOfNextLocalDay, utcMidnightOf } from '../../common/time-zone.js';
