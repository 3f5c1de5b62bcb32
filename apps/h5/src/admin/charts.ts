/**
 * ECharts, tree-shaken to the bar chart on a canvas. Loaded only when the overview opens, so the
 * donors' first screen never pays for it.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface Bar {
  label: string;
  value: number;
}

const RED = '#c8161d';

/** A horizontal bar chart (long Chinese names fit on a phone), values in yuan from fen. */
export function drawBars(element: HTMLElement, bars: Bar[], unit: 'yuan' | 'count'): ECharts {
  const chart = init(element, undefined, { renderer: 'canvas' });
  const values = bars.map((b) => (unit === 'yuan' ? b.value / 100 : b.value));
  const option: Option = {
    animation: false,
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: { type: 'value', splitNumber: 3, axisLabel: { fontSize: 10 } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.label),
      axisLabel: { fontSize: 12, width: 84, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: values,
        barMaxWidth: 18,
        itemStyle: { color: RED, borderRadius: [0, 3, 3, 0] },
        label: {
          show: true,
          position: 'right',
          fontSize: 10,
          formatter: ({ value }) => {
            const n = typeof value === 'number' ? value : 0;
            return unit === 'yuan' ? `¥${n.toLocaleString('zh-CN')}` : String(n);
          },
        },
      },
    ],
  };
  chart.setOption(option);
  return chart;
}
