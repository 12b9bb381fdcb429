import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_STAGE, NODE_STAGES, RATING_NODE_DEFAULTS } from '../../../common/workflows';
import { ApiError } from '../../app/api';
import {
  type FollowUpNodeValues,
  newNodeValues,
  nextNodeKey,
  nodeKeyProblem,
  nodesByStage,
  showServerErrors,
  toFormValues,
  toWorkflowBody,
  type WorkflowFormValues,
} from './workflowForm';
import { DEFAULT_FOLLOW_UP_NODE, DEFAULT_RATING_NODE, type WorkflowView } from './workflowsApi';

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

  it('keeps a follow-up node’s standard settings: group strategy, "only if not rated" and due hours', () => {
    const stored = {
      ...view,
      nodes: [
        {
          ...DEFAULT_FOLLOW_UP_NODE,
          key: 'call_back',
          standard: {
            agentId: null,
            groupRoundRobin: { departmentId: 'd1' },
            groupStrategy: 'least_loaded',
            templateId: 't1',
            onlyIfUnratedHours: 24,
            dueHours: 48,
          },
        },
      ],
    } as unknown as WorkflowView;
    const values = toFormValues(stored);
    expect(values.nodes[0]).toMatchObject({
      departmentId: 'd1',
      groupStrategy: 'least_loaded',
      onlyIfUnratedHours: 24,
      dueHours: 48,
    });
    expect(toWorkflowBody(values).nodes[0]).toMatchObject({
      key: 'call_back',
      mode: 'standard',
      standard: {
        agentId: null,
        groupRoundRobin: { departmentId: 'd1' },
        groupStrategy: 'least_loaded',
        templateId: 't1',
        onlyIfUnratedHours: 24,
        dueHours: 48,
      },
    });
    // Cleared fields go back as null (the follow-up settings' default due time, no wait).
    const cleared = values.nodes[0] as FollowUpNodeValues;
    cleared.onlyIfUnratedHours = undefined as unknown as null;
    cleared.dueHours = null;
    expect(toWorkflowBody(values).nodes[0]).toMatchObject({ standard: { onlyIfUnratedHours: null, dueHours: null } });
  });

  it('gives a new follow-up node the server’s defaults and sends no standard settings in rule mode', () => {
    const added = newNodeValues('follow_up', 'completed', []) as FollowUpNodeValues;
    expect(added).toMatchObject({ groupStrategy: 'round_robin', onlyIfUnratedHours: null, dueHours: null });
    expect(toWorkflowBody({ nodes: [added], fieldDefinitions: [] }).nodes[0]).toMatchObject({
      standard: { groupStrategy: 'round_robin', onlyIfUnratedHours: null, dueHours: null },
    });
    const ruled: FollowUpNodeValues = { ...added, mode: 'rule', dueHours: 8 };
    expect(toWorkflowBody({ nodes: [ruled], fieldDefinitions: [] }).nodes[0]).toMatchObject({
      mode: 'rule',
      standard: null,
    });
  });

  it('puts the server’s errors on a follow-up node’s standard settings onto its form fields', () => {
    const values: WorkflowFormValues = {
      nodes: [newNodeValues('follow_up', 'closed', []), newNodeValues('rating', 'completed', ['follow_up'])],
      fieldDefinitions: [],
    };
    const error = new ApiError({
      type: 'https://rateloop.dev/problems/validation',
      title: 'Invalid request',
      status: 400,
      errors: [
        { path: 'nodes.1.standard.dueHours', message: 'too big', code: 'too_big', params: { max: 2160 } },
        { path: 'nodes.1.standard.groupStrategy', message: 'bad', code: 'invalid_choice', params: { values: 'x' } },
      ],
    });
    const set: { name: (string | number)[] }[] = [];
    const form = { setFields: (fields: { name: (string | number)[] }[]) => set.push(...fields) };
    showServerErrors(error, values, form as never);
    // The body sends the rating node (completed) first: its index 1 is the form's follow-up node at 0.
    expect(set.map((f) => f.name)).toEqual([
      ['nodes', 0, 'dueHours'],
      ['nodes', 0, 'groupStrategy'],
    ]);
  });
});
