export * from './audit.js';
export * from './auth.js';
export * from './org.js';
