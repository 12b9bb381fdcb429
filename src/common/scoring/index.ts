/**
 * Rateloop scoring engine (SCORING.md): pure functions shared by the server, the console's live template preview and
 * reports. No I/O, no database: callers pass plain records.
 */
export * from './aggregate';
export * from './drift';
export * from './drivers';
export * from './normalise';
export * from './ranking';
export * from './round';
export * from './score';
export * from './sums';
export * from './types';
export * from './validate';
