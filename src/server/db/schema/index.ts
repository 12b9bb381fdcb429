export * from './audit.js';
export * from './auth.js';
export * from './events.js';
export * from './invitations.js';
export * from './org.js';
export * from './rules.js';
export * from './settings.js';
export * from './templates.js';
