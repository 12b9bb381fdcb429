import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api';
import { AuthProvider } from './auth';
import { AppRoutes } from './routes';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again; a network blip might.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * The console's colours. Secondary and placeholder text are darker than antd's defaults so that they reach WCAG AA
 * contrast (4.5:1) on white and on the grey table headers (test/e2e/a11y.e2e.test.ts).
 */
// Disabled text on antd's disabled grey (#f5f5f5): 4.8:1 instead of 1.8:1. Only where it is read as information (a
// disabled tag, the unit after a disabled number) — disabled controls themselves are exempt from the contrast rule.
const DISABLED_TEXT = 'rgba(0, 0, 0, 0.56)';
const CONSOLE_THEME: ThemeConfig = {
  token: {
    // #1f6feb (and antd's #1677ff for links and "processing" tags) fall short of 4.5:1 on the light blue of a
    // selected menu item and on grey; this blue reaches it on both.
    colorPrimary: '#0b57d0',
    colorInfo: '#0b57d0',
    colorLink: '#0b57d0',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  },
  components: {
    Tag: {
      // A preset tag's text is the colour's shade 7 on its shade 1; for these colours that is below 4.5:1 (green
      // 3.4:1), so their text takes the next darker shade: green, orange, cyan and volcano 8, gold 9 (≥ 5:1).
      green7: '#237804',
      orange7: '#ad4e00',
      cyan7: '#006d75',
      volcano7: '#ad2102',
      gold7: '#874d00',
      colorTextDisabled: DISABLED_TEXT,
    },
    InputNumber: { colorTextDisabled: DISABLED_TEXT },
  },
};

export function App() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  // antd's own texts and accessibility labels, and the date pickers' month and day names, follow the language.
  dayjs.locale(english ? 'en' : 'zh-cn');
  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      theme={CONSOLE_THEME}
      // "取消", not "取 消": antd spaces out two-character Chinese button labels unless told not to.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <AppRoutes />
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
