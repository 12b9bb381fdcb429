import { TableOutlined } from '@ant-design/icons';
import { Button, Flex, theme } from 'antd';
import { BarChart, LineChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { type CSSProperties, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

// Only what the dashboard draws is registered (tree-shaken core import): this module is imported by lazily loaded
// pages only, so ECharts never reaches the login page's bundle (test/e2e/console-load.e2e.test.ts). The channel
// funnel is drawn as grouped bars (one group per channel), so FunnelChart is not needed.
// The member pages' per-dimension profile is a radar (RadarChart + RadarComponent).
echarts.use([
  LineChart,
  BarChart,
  RadarChart,
  GridComponent,
  RadarComponent,
  TooltipComponent,
  LegendComponent,
  CanvasRenderer,
]);

/** An ECharts option object (ECharts' own type, as the core module exports it). */
export type ChartOption = echarts.EChartsCoreOption;

/** A click on a series item: which series, which category (x) index, and the item's value. */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
  name: string;
}

/** Colours and fonts of the current antd theme, for chart options. */
export function useChartTheme() {
  const { token } = theme.useToken();
  return useMemo(
    () => ({
      palette: [
        token.colorPrimary,
        token.colorSuccess,
        token.colorWarning,
        token.colorError,
        token['purple-6'],
        token['cyan-6'],
        token['magenta-6'],
        token['gold-6'],
      ],
      primary: token.colorPrimary,
      success: token.colorSuccess,
      warning: token.colorWarning,
      error: token.colorError,
      text: token.colorText,
      textSecondary: token.colorTextSecondary,
      border: token.colorBorderSecondary,
      background: token.colorBgContainer,
      fontFamily: token.fontFamily,
      fontSize: token.fontSizeSM,
    }),
    [token],
  );
}

/** Base options every chart shares: the antd palette, fonts and axis colours. */
function themed(option: ChartOption, chartTheme: ReturnType<typeof useChartTheme>): ChartOption {
  return {
    color: chartTheme.palette,
    textStyle: { fontFamily: chartTheme.fontFamily, fontSize: chartTheme.fontSize, color: chartTheme.textSecondary },
    animationDuration: 300,
    ...option,
  };
}

export interface EChartProps {
  option: ChartOption;
  /** A one-sentence summary of what the chart shows, read by screen readers (the canvas itself says nothing). */
  summary: string;
  /**
   * The same data as a table, shown instead of the chart with the "show as table" toggle. Omit it only where the
   * numbers are already written beside the chart (a sparkline next to its figure, under a panel-wide table toggle).
   */
  table?: ReactNode;
  height?: number;
  /** A click on a data item (a trend point, a bar). */
  onItemClick?: (click: ChartClick) => void;
  'data-testid'?: string;
  style?: CSSProperties;
}

/**
 * An Apache ECharts chart in the antd theme, with an accessible summary (`role="img"` + `aria-label`) and a
 * "show as table" toggle that swaps the canvas for the same numbers as a table (keyboard and screen-reader users,
 * and anyone who wants the figures). Resizes with its container, so it takes the full width on a phone.
 */
export function EChart({ option, summary, table, height = 260, onItemClick, style, ...rest }: EChartProps) {
  const { t } = useTranslation();
  const chartTheme = useChartTheme();
  const [asTable, setAsTable] = useState(false);
  const themedOption = useMemo(() => themed(option, chartTheme), [option, chartTheme]);
  const onEvents = useMemo(
    () =>
      onItemClick
        ? {
            click: (params: { seriesIndex?: number; dataIndex?: number; name?: string }) =>
              onItemClick({
                seriesIndex: params.seriesIndex ?? 0,
                dataIndex: params.dataIndex ?? 0,
                name: params.name ?? '',
              }),
          }
        : undefined,
    [onItemClick],
  );
  const testId = rest['data-testid'];
  return (
    <div style={{ width: '100%', ...style }} data-testid={testId}>
      {table === undefined ? null : (
        <Flex justify="flex-end">
          <Button
            size="small"
            type="text"
            icon={<TableOutlined aria-hidden />}
            aria-pressed={asTable}
            onClick={() => setAsTable(!asTable)}
            data-testid={testId ? `${testId}-toggle` : undefined}
          >
            {asTable ? t('charts.showChart') : t('charts.showTable')}
          </Button>
        </Flex>
      )}
      {asTable && table !== undefined ? (
        <div data-testid={testId ? `${testId}-table` : undefined}>{table}</div>
      ) : (
        <div role="img" aria-label={summary} data-testid={testId ? `${testId}-canvas` : undefined}>
          <ReactEChartsCore
            echarts={echarts}
            option={themedOption}
            notMerge
            style={{ height, width: '100%' }}
            opts={{ renderer: 'canvas' }}
            onEvents={onEvents}
          />
        </div>
      )}
    </div>
  );
}
