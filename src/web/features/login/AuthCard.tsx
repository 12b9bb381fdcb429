import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** Centered card used by the login and change-password screens. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', background: '#f5f7fb', padding: 16 }}>
      <div style={{ width: '100%', maxWidth: 400 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0, color: '#1f6feb' }}>
            Rateloop
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        <Card>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
          {subtitle ? <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph> : null}
          {children}
        </Card>
      </div>
    </Flex>
  );
}
