/** English messages of the notification bell, inbox and settings (issue 17); merged into en.ts. */
export const notificationsEn = {
  title: 'Notifications',
  open: 'Notifications ({{count}} unread)',
  empty: 'Nothing yet. Alerts, SLA warnings, breaches and escalations for you appear here.',
  readAll: 'Mark all read',
  settings: 'Settings',
  settingsTitle: 'My notification settings',
  settingsHelp:
    'New items always appear here at once. E-mail and SMS collect what arrives within a minute into one message.',
  email: 'Also by e-mail',
  sms: 'Also by SMS',
  digest: 'Collect into a digest',
  digests: { off: 'No digest: as soon as allowed', hourly: 'Hourly', daily: 'Daily at 09:00' },
  quietHours: 'Quiet hours',
  quietHoursHelp: 'Hold e-mail and SMS outside the working hours of my business calendar.',
  sound: 'Play a sound on a new alert',
  saved: 'Notification settings saved',
  target: { first_contact: 'first contact', resolution: 'resolution' },
  kind: {
    alert: 'Alert "{{rule}}" ({{severity}})',
    alertWithCase: 'Alert "{{rule}}" ({{severity}}): case {{case}} opened',
    case_opened: 'New case {{case}} is yours',
    case_warning: 'Case {{case}}: the {{target}} target is due soon',
    case_breached: 'Case {{case}}: the {{target}} target was missed',
    case_escalated: 'Case {{case}} was escalated to you (level {{level}})',
    case_reassigned: 'Case {{case}} was reassigned to you',
  },
};
