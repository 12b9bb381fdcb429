import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_STAGE, NODE_STAGES, RATING_NODE_DEFAULTS } from '../../../common/workflows';
import { newNodeValues, nextNodeKey, nodeKeyProblem, nodesByStage, toFormValues, toWorkflowBody } from './workflowForm';
import { DEFAULT_RATING_NODE, type WorkflowView } from './workflowsApi';

const view = {
  isDefault: false,
  updatedAt: '2026-12-01T00:00:00Z',
  fieldDefinitions: [],
  nodes: [
    { ...DEFAULT_RATING_NODE, key: 'dispatch', stage: 'assigned', mode: 'qr', templateId: 't1', mandatory: true },
    { ...DEFAULT_RATING_NODE, key: 'rating' },
  ],
} as unknown as WorkflowView;

describe('workflow form', () => {
  it('the default rating node takes its stage and settings from src/common', () => {
    expect(DEFAULT_RATING_NODE.stage).toBe(DEFAULT_NODE_STAGE);
    expect(DEFAULT_RATING_NODE.linkExpiryDays).toBe(RATING_NODE_DEFAULTS.linkExpiryDays);
  });

  it('sends back every stored key and stage', () => {
    const body = toWorkflowBody(toFormValues(view));
    expect(body.nodes.map((n) => [n.key, n.stage])).toEqual([
      ['dispatch', 'assigned'],
      ['rating', 'completed'],
    ]);
    expect(body.nodes[0]).toMatchObject({ mode: 'qr', templateId: 't1', mandatory: true });
    expect(body.nodes[0]).not.toHaveProperty('isNew');
  });

  it('gives a new node a unique key, as the server would', () => {
    expect(nextNodeKey('rating', ['dispatch'])).toBe('rating');
    expect(nextNodeKey('rating', ['rating', 'rating_2'])).toBe('rating_3');
    const added = newNodeValues('follow_up', 'closed', ['rating']);
    expect(added).toMatchObject({ type: 'follow_up', key: 'follow_up', stage: 'closed', isNew: true });
    const body = toWorkflowBody({ nodes: [added], fieldDefinitions: [] });
    expect(body.nodes[0]).toMatchObject({ sendBackButtonLabel: { en: 'Send back for rework' } });
  });

  it('checks a key against the pattern and the other nodes', () => {
    const nodes = [{ key: 'rating' }, { key: 'x' }];
    expect(nodeKeyProblem('rating', 1, nodes)).toBe('workflows.node.keyTaken');
    expect(nodeKeyProblem('Rating', 1, nodes)).toBe('workflows.node.keyPattern');
    expect(nodeKeyProblem('rating_2', 1, nodes)).toBeNull();
  });

  it('sends the nodes in flow order (by stage, then as added)', () => {
    const values = toFormValues(view);
    values.nodes = [values.nodes[1]!, newNodeValues('follow_up', 'closed', ['rating', 'dispatch']), values.nodes[0]!];
    expect(toWorkflowBody(values).nodes.map((n) => n.key)).toEqual(['dispatch', 'rating', 'follow_up']);
  });

  it('places the nodes under their stages in flow order', () => {
    const groups = nodesByStage(toFormValues(view).nodes);
    expect(groups.map((g) => g.stage)).toEqual([...NODE_STAGES]);
    expect(groups.find((g) => g.stage === 'assigned')?.indexes).toEqual([0]);
    expect(groups.find((g) => g.stage === 'completed')?.indexes).toEqual([1]);
  });
});
