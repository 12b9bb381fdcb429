import { ScatterChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';

// The insights draw a scatter (importance × performance) and control limits as mark lines: registered here, beside
// the charts that need them, so the shared EChart stays as small as the dashboard needs (lazy pages only).
echarts.use([ScatterChart, MarkLineComponent]);
