import type { notificationsEn } from './notifications.en';

/** 通知铃铛、收件箱与通知设置的中文文案（issue 17）。键与 notifications.en.ts 一致。 */
export const notificationsZhCN: typeof notificationsEn = {
  title: '通知',
  open: '通知（{{count}} 条未读）',
  empty: '暂无通知。发给您的差评预警、时限提醒、超时与升级会显示在这里。',
  readAll: '全部标为已读',
  settings: '设置',
  settingsTitle: '我的通知设置',
  settingsHelp: '新通知总会立即显示在这里。邮件和短信会把一分钟内到达的通知合并为一条发送。',
  email: '同时发送邮件',
  sms: '同时发送短信',
  digest: '汇总发送',
  digests: { off: '不汇总：尽快发送', hourly: '每小时', daily: '每天 09:00' },
  quietHours: '免打扰',
  quietHoursHelp: '在我的工作日历的非工作时间不发送邮件和短信。',
  sound: '收到新预警时播放提示音',
  saved: '通知设置已保存',
  target: { first_contact: '首次联系', resolution: '解决' },
  kind: {
    alert: '差评预警「{{rule}}」（{{severity}}）',
    alertWithCase: '差评预警「{{rule}}」（{{severity}}）：已建立整改单 {{case}}',
    case_opened: '新的整改单 {{case}} 由您负责',
    case_warning: '整改单 {{case}}：{{target}}时限即将到期',
    case_breached: '整改单 {{case}}：{{target}}时限已超时',
    case_escalated: '整改单 {{case}} 已升级给您（第 {{level}} 级）',
    case_reassigned: '整改单 {{case}} 已转交给您',
  },
};
