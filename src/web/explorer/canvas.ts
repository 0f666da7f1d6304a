import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import type { ConceptKind } from '../../graph/vocabulary.js';
import type { Drawing } from './drawing.js';
import { words } from '../text.js';
import { drawingToSvg } from './svg.js';

/**
 * The canvas: Cytoscape.js drawing a {@link Drawing}. Redraws add and remove only what changed,
 * lay out in rings around the focus (deterministic, so a reloaded URL draws the same picture),
 * and keep labels readable: past DENSE concepts only the focus, expanded, selected and hovered
 * ones are labelled until the user zooms in. Touch works as Cytoscape gives it: drag to pan,
 * pinch to zoom, tap to select.
 */

type KindStyle = { color: string; shape: cytoscape.Css.NodeShape };
export const KINDS: Record<string, KindStyle> = {
  PROCESS: { color: '#4e79a7', shape: 'round-rectangle' },
  CELL: { color: '#f28e2b', shape: 'ellipse' },
  TISSUE: { color: '#59a14f', shape: 'hexagon' },
  STRUCTURE: { color: '#76b7b2', shape: 'diamond' },
  PATHOLOGY: { color: '#e15759', shape: 'triangle' },
  SUBSTANCE: { color: '#b07aa1', shape: 'star' },
  GENE_PRODUCT: { color: '#edc948', shape: 'round-pentagon' },
  DRUG: { color: '#9c755f', shape: 'vee' },
} satisfies Record<ConceptKind, KindStyle>;
const MORE_STYLE: KindStyle = { color: '#e4e7ef', shape: 'round-rectangle' };
export const kindStyle = (kind: string) => (kind === 'MORE' ? MORE_STYLE : (KINDS[kind] ?? KINDS.STRUCTURE!));

/** More concepts than this and labels show only where they matter, or when zoomed in. */
const DENSE = 60;
const LABEL_ZOOM = 1.1;

export interface CanvasEvents {
  select: (id: string) => void;
  more: (key: string) => void;
  toggle: (id: string) => void;
}

export interface DrawStats {
  nodes: number;
  edges: number;
  /** From the call to the first frame painted after it. */
  ms: number;
}

export class Canvas {
  readonly cy: Core;
  private dense = false;
  lastDraw: DrawStats | null = null;

  constructor(container: HTMLElement, events: CanvasEvents) {
    this.cy = cytoscape({
      container,
      minZoom: 0.05,
      maxZoom: 2.5,
      textureOnViewport: true,
      hideEdgesOnViewport: false,
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': 'data(color)',
            shape: 'data(shape)' as never,
            'font-size': 11,
            color: '#1d2433',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-wrap': 'ellipsis',
            'text-max-width': '120px',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.85,
            'text-background-padding': '1px',
            'min-zoomed-font-size': 7,
            width: 24,
            height: 24,
          },
        },
        { selector: 'node.quiet', style: { 'text-opacity': 0, 'text-background-opacity': 0 } },
        { selector: 'node.hover, node:selected, node.focus, node.expanded-node', style: { 'text-opacity': 1, 'text-background-opacity': 0.85, 'z-index': 10 } },
        { selector: 'node.expanded-node', style: { 'border-width': 2, 'border-color': '#1d2433' } },
        { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#1d2433', width: 36, height: 36, 'font-weight': 'bold' } },
        { selector: 'node:selected', style: { 'overlay-color': '#2357c6', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
        {
          selector: 'node.more',
          style: { width: 'data(width)', height: 22, 'text-valign': 'center', 'text-margin-y': 0, 'border-width': 1, 'border-color': '#8a8fa3', 'text-opacity': 1, 'font-size': 10 } as never,
        },
        {
          selector: 'edge',
          style: {
            label: 'data(label)',
            'font-size': 8,
            'text-rotation': 'autorotate',
            color: '#4a5166',
            'min-zoomed-font-size': 9,
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            width: 1.5,
            'line-color': '#aab',
            'target-arrow-color': '#aab',
          },
        },
        { selector: 'edge.quiet', style: { 'text-opacity': 0 } },
        { selector: 'edge.to-more', style: { 'line-style': 'dashed', label: '' } },
        { selector: 'edge.on-path', style: { 'line-color': '#d62728', 'target-arrow-color': '#d62728', width: 4, 'text-opacity': 1, 'z-index': 20 } },
        { selector: 'node.on-path', style: { 'border-width': 4, 'border-color': '#d62728', 'text-opacity': 1 } },
      ],
    });
    this.cy.on('tap', 'node', (event) => {
      const node = event.target as NodeSingular;
      if (node.data('more')) events.more(node.data('more'));
      else events.select(node.id());
    });
    this.cy.on('dbltap', 'node', (event) => {
      const node = event.target as NodeSingular;
      if (!node.data('more')) events.toggle(node.id());
    });
    this.cy.on('mouseover', 'node', (event) => (event.target as NodeSingular).addClass('hover'));
    this.cy.on('mouseout', 'node', (event) => (event.target as NodeSingular).removeClass('hover'));
    let zoomTimer: number | undefined;
    this.cy.on('zoom', () => {
      window.clearTimeout(zoomTimer);
      zoomTimer = window.setTimeout(() => this.applyLabelPolicy(), 60);
    });
  }

  private applyLabelPolicy(): void {
    const quiet = this.dense && this.cy.zoom() < LABEL_ZOOM;
    this.cy.batch(() => {
      this.cy.nodes().toggleClass('quiet', quiet);
      this.cy.edges().toggleClass('quiet', quiet);
    });
  }

  /** Draws `drawing` in place of what is drawn, centred on `focus`. Resolves once painted. */
  draw(drawing: Drawing, focus: string | null, selected: string | null): Promise<DrawStats> {
    const started = performance.now();
    const cy = this.cy;
    const wanted = new Set([...drawing.nodes.map((node) => node.id), ...drawing.edges.map((edge) => edge.id)]);
    const before = new Set(cy.elements().map((element) => element.id()));
    let changed = false;
    cy.batch(() => {
      const stale = cy.elements().filter((element) => !wanted.has(element.id()));
      if (stale.nonempty()) changed = true;
      cy.remove(stale);
      const added: ElementDefinition[] = [];
      for (const node of drawing.nodes) {
        const style = kindStyle(node.kind);
        const existing = cy.getElementById(node.id);
        const data = {
          id: node.id,
          label: node.label,
          kind: node.kind,
          color: style.color,
          shape: style.shape,
          more: node.more?.key ?? null,
          // An "N more" node is as wide as its label (Cytoscape's width: label is deprecated).
          width: node.more ? Math.round(node.label.length * 6.2 + 16) : 24,
        };
        if (existing.nonempty()) existing.data(data);
        else added.push({ group: 'nodes', data, classes: node.more ? 'more' : '' });
        cy.getElementById(node.id).toggleClass('expanded-node', node.expanded);
      }
      for (const edge of drawing.edges) {
        if (before.has(edge.id)) continue;
        const toMore = edge.id.endsWith('|more');
        added.push({ group: 'edges', data: { id: edge.id, source: edge.source, target: edge.target, type: edge.type, label: toMore ? '' : words(edge.type) }, classes: toMore ? 'to-more' : '' });
      }
      if (added.length) changed = true;
      cy.add(added);
      cy.nodes().removeClass('focus');
      if (focus) cy.getElementById(focus).addClass('focus');
      cy.nodes().unselect();
      if (selected) cy.getElementById(selected).select();
    });
    this.dense = drawing.nodes.length > DENSE;
    if (changed) this.layout(focus);
    this.applyLabelPolicy();
    return new Promise((resolve) =>
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          this.lastDraw = { nodes: drawing.nodes.length, edges: drawing.edges.length, ms: Math.round(performance.now() - started) };
          resolve(this.lastDraw);
        }),
      ),
    );
  }

  /** Rings around the focus: its neighbours on the first, theirs further out. */
  private layout(focus: string | null): void {
    const cy = this.cy;
    const ring = new Map<string, number>();
    const start = focus ? cy.getElementById(focus) : cy.collection();
    if (start.nonempty()) {
      ring.set(start.id(), 0);
      const queue = [start.id()];
      while (queue.length) {
        const id = queue.shift()!;
        const depth = ring.get(id)!;
        cy.getElementById(id)
          .neighborhood('node')
          .forEach((node) => {
            if (!ring.has(node.id())) {
              ring.set(node.id(), depth + 1);
              queue.push(node.id());
            }
          });
      }
    }
    // A ring of hundreds on one circle would be a hoop too wide to read: each ring is split
    // into circles holding 12, 24, 36… concepts, so a big neighbourhood fills a disc.
    const count = cy.nodes().length;
    const order = cy
      .nodes()
      .map((node) => ({ id: node.id(), ring: ring.get(node.id()) ?? 99, more: node.data('more') ? 1 : 0 }))
      .sort((a, b) => a.ring - b.ring || a.more - b.more || (a.id < b.id ? -1 : 1));
    const level = new Map<string, number>();
    let circle = 0;
    let room = 0;
    let lastRing = -1;
    for (const node of order) {
      if (node.ring !== lastRing || room === 0) {
        circle += 1;
        room = node.ring === 0 ? 1 : 12 * circle;
        lastRing = node.ring;
      }
      level.set(node.id, circle);
      room -= 1;
    }
    cy.layout({
      name: 'concentric',
      animate: false,
      fit: true,
      padding: 30,
      minNodeSpacing: count > 150 ? 10 : count > DENSE ? 20 : 46,
      avoidOverlap: true,
      concentric: (node: NodeSingular) => 10_000 - (level.get(node.id()) ?? 9_999),
      levelWidth: () => 1,
    } as never).run();
  }

  highlight(nodeIds: string[], edgeIds: string[]): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('on-path');
      for (const id of nodeIds) this.cy.getElementById(id).addClass('on-path');
      for (const id of edgeIds) this.cy.getElementById(id).addClass('on-path');
    });
  }

  png(): Blob {
    return this.cy.png({ output: 'blob', full: true, bg: '#ffffff', scale: 2 }) as unknown as Blob;
  }

  svg(title: string): string {
    const nodes = this.cy.nodes().map((node) => ({
      id: node.id(),
      label: node.data('label') as string,
      color: node.data('color') as string,
      x: node.position('x'),
      y: node.position('y'),
      radius: node.hasClass('focus') ? 18 : 12,
      focus: node.hasClass('focus'),
    }));
    const edges = this.cy.edges().map((edge) => ({
      source: edge.source().id(),
      target: edge.target().id(),
      label: (edge.data('type') as string) ?? '',
      highlighted: edge.hasClass('on-path'),
    }));
    return drawingToSvg(nodes, edges, title);
  }
}
