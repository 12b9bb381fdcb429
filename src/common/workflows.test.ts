import { describe, expect, it } from 'vitest';
import { flowRank, NODE_STAGES } from './workflows.js';

describe('flowRank', () => {
  it('orders new before every stage, the stages as listed, and leaves cancelled off the flow', () => {
    expect(flowRank('new')).toBe(-1);
    expect(NODE_STAGES.map(flowRank)).toEqual([0, 1, 2, 3]);
    expect(flowRank('cancelled')).toBeUndefined();
    expect(flowRank('unknown')).toBeUndefined();
  });
});
