/** A config as code may write it; schedules owns the shape, so editors complete one type everywhere. */
export type { PruningConfigInput } from '@tfjs-prune/schedules';
