import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_STAGE, FOLLOW_UP_NODE_DEFAULTS, RATING_NODE_DEFAULTS } from '../../../common/workflows.js';
import { DEFAULT_WORKFLOW, followUpNodeSchema, ratingNodeSchema } from './workflows.schemas.js';

describe('rating node defaults', () => {
  it('are exactly RATING_NODE_DEFAULTS, the constant the console starts a new node with', () => {
    expect(ratingNodeSchema.parse({ type: 'rating', mode: 'qr' })).toEqual({
      type: 'rating',
      mode: 'qr',
      stage: DEFAULT_NODE_STAGE,
      ...RATING_NODE_DEFAULTS,
    });
    expect(DEFAULT_WORKFLOW.nodes).toEqual([
      { type: 'rating', key: 'rating', mode: 'rule', stage: DEFAULT_NODE_STAGE, ...RATING_NODE_DEFAULTS },
    ]);
    expect(followUpNodeSchema.parse({ type: 'follow_up', mode: 'standard' })).toEqual({
      type: 'follow_up',
      mode: 'standard',
      standard: null,
      stage: DEFAULT_NODE_STAGE,
      ...FOLLOW_UP_NODE_DEFAULTS,
    });
  });

  it('give every parsed node its own label object', () => {
    const a = ratingNodeSchema.parse({ type: 'rating', mode: 'rule' });
    const b = ratingNodeSchema.parse({ type: 'rating', mode: 'rule' });
    expect(a.mainButtonLabel).not.toBe(b.mainButtonLabel);
    expect(a.mainButtonLabel).not.toBe(RATING_NODE_DEFAULTS.mainButtonLabel);
  });
});
