import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ChipInvitation, invitationChip } from './invitationChip';

/** The invitation's status chip (see `invitationChip`), with its submissions out of the limit on hover. */
export function InvitationStatusTag({ invitation }: { invitation: ChipInvitation }) {
  const { t } = useTranslation();
  const chip = invitationChip(invitation);
  const tag = (
    <Tag color={chip.color} data-testid="invitation-status">
      {t(chip.labelKey, { ...chip.values, defaultValue: invitation.status })}
    </Tag>
  );
  if (invitation.submissionCount === 0) return tag;
  return (
    <Tooltip
      title={t('invitations.chip.submissions', {
        count: invitation.submissionCount,
        limit: invitation.submissionLimit,
      })}
    >
      {tag}
    </Tooltip>
  );
}
