import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.js';

describe('README configuration table', () => {
  it('documents every environment variable the server reads', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const key of Object.keys(configSchema.shape)) expect(readme).toContain(`| \`${key}\` |`);
  });
});
