import { useTranslation } from 'react-i18next';
import type { FollowUpRule } from './followUpRulesApi';

type Target = Pick<FollowUpRule, 'assignment' | 'agentName' | 'groupName'>;

/** Who takes a rule's tasks, in words: the named agent, or the group with how its agents take turns. */
export function useTargetText() {
  const { t } = useTranslation();
  return (rule: Target) =>
    rule.assignment === 'agent'
      ? (rule.agentName ?? t('followUpRules.unknownAgent'))
      : t('followUpRules.groupTarget', {
          group: rule.groupName ?? t('followUpRules.unknownGroup'),
          strategy: t(`followUpRules.strategies.${rule.assignment}`),
        });
}
