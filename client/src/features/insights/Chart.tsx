/**
 * One ECharts chart on a canvas, themed light or dark with the page on a transparent
 * background, resized with its box. ECharts is used directly (init / setOption / dispose):
 * the React wrapper adds nothing we need.
 */
import { useEffect, useRef } from 'react';
import type { EChartsOption } from 'echarts';
import { echarts } from './charts';
import { useResolvedTheme } from './useResolvedTheme';

export function Chart({ option, height = 280, label }: { option: EChartsOption; height?: number; label: string }) {
  const theme = useResolvedTheme();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true });
  }, [option, theme]);

  return <div ref={box} role="img" aria-label={label} className="insights-chart" style={{ height }} />;
}
