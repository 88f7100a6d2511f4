import { html } from 'hono/html';
import type { DayPoint } from '../store/read-daily.js';
import { formatCost, formatMs, formatTokens } from './format.js';
import type { Html } from './layout.js';

const WIDTH = 270;
const HEIGHT = 70;

/** One small bar chart as inline SVG: a bar per day, its value in the bar's tooltip. */
function bars(
  title: string,
  key: string,
  points: DayPoint[],
  value: (point: DayPoint) => number,
  label: (n: number) => string,
): Html {
  const values = points.map(value);
  const max = Math.max(...values, 0);
  const step = WIDTH / points.length;
  return html`<figure class="chart" data-chart="${key}">
<figcaption>${title} <span class="muted">max ${label(max)}</span></figcaption>
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${title} per day">
${points.map((point, i) => {
  const height = max > 0 ? Math.max((values[i] / max) * (HEIGHT - 2), values[i] > 0 ? 1 : 0) : 0;
  return html`<rect x="${(i * step + 1).toFixed(1)}" y="${(HEIGHT - height).toFixed(1)}" width="${(step - 2).toFixed(1)}" height="${height.toFixed(1)}" data-day="${point.day}" data-value="${values[i]}"><title>${point.day}: ${label(values[i])}</title></rect>`;
})}
</svg></figure>`;
}

/** Requests, tokens, cost and p95 latency per UTC day, oldest on the left. */
export function dailyCharts(points: DayPoint[]): Html {
  return html`<section class="charts" id="daily">
<h2>Last ${points.length} days <span class="muted">(UTC)</span></h2>
<div class="chart-row">
${bars(
  'Requests',
  'requests',
  points,
  (p) => p.requests,
  (n) => String(n),
)}
${bars('Tokens', 'tokens', points, (p) => p.tokens, formatTokens)}
${bars('Cost', 'cost', points, (p) => p.costUsd, formatCost)}
${bars('p95 latency', 'p95', points, (p) => p.latencyP95Ms ?? 0, formatMs)}
</div></section>`;
}
