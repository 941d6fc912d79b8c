// Small shared pieces: the html tag, badges, bars, the "not available" state, a sparkline.
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import htm from 'htm';
import uPlot from 'uplot';

export const html = htm.bind(h);

export function Badge({ value, testid }) {
  return html`<span class=${'badge ' + (value || '')} data-testid=${testid}>${value ?? '–'}</span>`;
}

/** value/max as a bar; over max shows red. */
export function Bar({ value, max, kind, title }) {
  const ratio = max > 0 ? Math.min(1, value / max) : 0;
  const over = max > 0 && value > max;
  return html`<div class=${'bar' + (over ? ' over' : '') + (kind ? ' ' + kind : '')} title=${title}>
    <span style=${{ width: (ratio * 100).toFixed(1) + '%' }}></span></div>`;
}

export function Unavailable({ what }) {
  return html`<div class="unavailable" data-testid="unavailable">
    <strong>Not available on this gateway.</strong>
    <p class="muted">${what} needs the gateway's database (keys as data and the spend ledger); this build answers 404 for it.</p>
  </div>`;
}

export function Failed({ answer }) {
  return html`<p class="error">${answer?.data?.error?.message || 'The gateway answered ' + answer?.status}</p>`;
}

/** A small line chart of (time, value) points; redrawn in place as points arrive. */
export function Spark({ title, points, width = 150, height = 60, color = '#2456d3', bars = false }) {
  const box = useRef(null);
  const plot = useRef(null);
  useEffect(() => {
    const data = [points.map(p => p[0]), points.map(p => p[1])];
    if (!plot.current) {
      plot.current = new uPlot({
        width, height, legend: { show: false }, cursor: { show: false },
        scales: { x: { time: true } },
        axes: [{ show: false }, { size: 36, font: '10px system-ui', ticks: { show: false }, grid: { stroke: '#eee' } }],
        series: [{}, { stroke: color, width: 1.5, fill: color + '22',
          paths: bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined }],
      }, data, box.current);
    } else {
      plot.current.setData(data);
    }
  }, [points]);
  useEffect(() => () => plot.current?.destroy(), []);
  return html`<div><div class="chart-title">${title}</div><div ref=${box}></div></div>`;
}

export function money(value) {
  return value == null ? '–' : '$' + Number(value).toFixed(Number(value) < 0.01 && Number(value) > 0 ? 6 : 4);
}

export function when(value) {
  if (value == null) return '–';
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return date.toLocaleString();
}
