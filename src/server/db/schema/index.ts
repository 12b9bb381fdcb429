export * from './audit.js';
export * from './auth.js';
export * from './org.js';
export * from './rules.js';
export * from './templates.js';
