/**
 * The drawing as a standalone SVG document: nodes as discs in their kind's colour, relations as
 * arrows, labels below. Pure (positions in, text out), so it is unit-tested in Node.
 */
export interface SvgNode {
  id: string;
  label: string;
  color: string;
  x: number;
  y: number;
  radius: number;
  focus: boolean;
}
export interface SvgEdge {
  source: string;
  target: string;
  label: string;
  highlighted: boolean;
}

import { escapeHtml as xml } from '../text.js';

const round = (value: number) => Math.round(value * 10) / 10;

export function drawingToSvg(nodes: SvgNode[], edges: SvgEdge[], title: string): string {
  const margin = 60;
  const xs = nodes.map((node) => node.x);
  const ys = nodes.map((node) => node.y);
  const minX = (nodes.length ? Math.min(...xs) : 0) - margin;
  const minY = (nodes.length ? Math.min(...ys) : 0) - margin;
  const width = (nodes.length ? Math.max(...xs) : 0) + margin - minX;
  const height = (nodes.length ? Math.max(...ys) : 0) + margin - minY;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const lines = edges.flatMap((edge) => {
    const from = byId.get(edge.source);
    const to = byId.get(edge.target);
    if (!from || !to) return [];
    // Stop the line at the target's rim so the arrowhead shows.
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const length = Math.hypot(dx, dy) || 1;
    const endX = to.x - (dx / length) * (to.radius + 2);
    const endY = to.y - (dy / length) * (to.radius + 2);
    const colour = edge.highlighted ? '#d62728' : '#8a8fa3';
    return [
      `<line x1="${round(from.x)}" y1="${round(from.y)}" x2="${round(endX)}" y2="${round(endY)}" stroke="${colour}" stroke-width="${edge.highlighted ? 3 : 1.2}" marker-end="url(#${edge.highlighted ? 'arrow-hi' : 'arrow'})"><title>${xml(edge.label)}</title></line>`,
    ];
  });
  const discs = nodes.map(
    (node) =>
      `<g><circle cx="${round(node.x)}" cy="${round(node.y)}" r="${node.radius}" fill="${xml(node.color)}"${node.focus ? ' stroke="#1d2433" stroke-width="3"' : ''}/>` +
      `<text x="${round(node.x)}" y="${round(node.y + node.radius + 12)}" text-anchor="middle"${node.focus ? ' font-weight="bold"' : ''}>${xml(node.label)}</text></g>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="${round(minX)} ${round(minY)} ${round(width)} ${round(height)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}" font-family="system-ui, sans-serif" font-size="11" fill="#1d2433">
<title>${xml(title)}</title>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a8fa3"/></marker>
<marker id="arrow-hi" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d62728"/></marker>
</defs>
<rect x="${round(minX)}" y="${round(minY)}" width="${round(width)}" height="${round(height)}" fill="#ffffff"/>
${lines.join('\n')}
${discs.join('\n')}
</svg>
`;
}
