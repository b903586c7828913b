import React from 'react';
import ReactDOM from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import '../shared/zod-setup';
import { TRPCProvider, makeQueryClient, makeTrpcClient } from './lib/trpc';
import { App } from './App';
import './styles.css';

dayjs.locale('zh-cn');

/**
 * Colours that reach 4.5:1 (WCAG 2.1 AA, GB/T 37668) on white and on the #f5f5f5 page background:
 * secondary/tertiary text and placeholders darker than antd's defaults, status colours and the preset tag
 * colours (text is `<colour>7` on `<colour>1`) one or two steps darker. Set here, never per element.
 */
const DARKER_PRESET_TEXT: Record<string, string> = {
  orange: '#ad4e00',
  gold: '#874d00',
  yellow: '#876800',
  lime: '#3f6600',
  green: '#237804',
  cyan: '#006d75',
  volcano: '#ad2102',
};
/** antd keeps each palette step under two names (`green7` and `green-7`); the CSS variables come from the latter. */
const PRESET_TEXT = Object.fromEntries(Object.entries(DARKER_PRESET_TEXT).flatMap(([c, hex]) => [[`${c}7`, hex], [`${c}-7`, hex]]));

const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#b71c1c',
    borderRadius: 4,
    colorTextSecondary: '#595959',
    colorTextTertiary: '#666666',
    colorTextDescription: '#666666',
    colorTextPlaceholder: '#707070',
    colorInfo: '#0958d9',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorLink: '#0958d9',
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#ad4e00',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorError: '#cf1322',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffa39e',
    ...PRESET_TEXT,
  },
};

const queryClient = makeQueryClient();
const trpcClient = makeTrpcClient();

ReactDOM.createRoot(document.getElementById('root')!).render(
  <React.StrictMode>
    <ConfigProvider locale={zhCN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </TRPCProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </React.StrictMode>,
);
