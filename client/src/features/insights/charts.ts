/**
 * ECharts, imported piece by piece (bar charts, grid, tooltip, legend, canvas) so the
 * Insights tab does not carry the whole library; the view itself is loaded lazily.
 */
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
