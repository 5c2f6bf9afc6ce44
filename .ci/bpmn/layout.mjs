#!/usr/bin/env node
// Give BPMN files a complete diagram (DI) when they lack one.
//
//   node .ci/bpmn/layout.mjs [--check] FILE.bpmn [...]
//
// A file whose BPMNDiagram already has a shape for every flow node and an edge for every sequence
// flow is left untouched (byte for byte). Any other file gets a new, complete diagram:
//
//  1. bpmn-auto-layout places the flow nodes of each process level on its grid (a process, an
//     embedded sub-process and an event sub-process are each laid out on their own, from a
//     stripped-down copy whose <incoming>/<outgoing> are derived from the sequence flows, with
//     each node's longest branch listed first so that it stays on the node's row);
//  2. post-processing: start events moved next to their first node, empty grid rows dropped,
//     tasks and call activities enlarged (up to 160x120) to fit their names, columns and rows
//     spaced for their largest element, embedded sub-processes expanded with their content
//     inside, event sub-processes expanded and put below the flow they belong to, boundary
//     events put on the bottom edge of their host;
//  3. every sequence flow is routed again with an orthogonal router that avoids shapes and
//     other flows (bpmn-auto-layout's own waypoints cross shapes and run on top of each other);
//  4. labels of events, gateways and named flows get positions that keep clear of shapes and
//     flows.
//
// Only the diagram is written: everything else in the file (camunda: attributes and extension
// elements, documentation, comments, formatting) is kept byte for byte, because the new
// BPMNDiagram is spliced into the original text instead of serialising the model again.
// An incomplete existing diagram is replaced as a whole.
//
// --check: write nothing, list the files that would get a diagram, exit 1 if there is any.
// Exit code 1 also for a file that cannot be laid out (parse error, pools/lanes, several processes).

import fs from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { layoutProcess } from 'bpmn-auto-layout';

const NS_BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const NS_DC = 'http://www.omg.org/spec/DD/20100524/DC';
const NS_DI = 'http://www.omg.org/spec/DD/20100524/DI';

// bpmn-auto-layout's grid
const CELL_W = 150;
const CELL_H = 140;

// sub-process padding around its content
const SUB_PAD_X = 30;
const SUB_PAD_TOP = 40;
const SUB_PAD_BOTTOM = 25;
const EVENT_SUB_GAP = 50;     // between the flow and the event sub-processes below it
const ORIGIN = { x: 150, y: 80 };

// router
const CLEARANCE = 15;         // channel distance from a shape
const INFLATE = 8;            // a route keeps at least this far from any shape
const BEND_COST = 30;
const CROSS_COST = 25;
const TOUCH_COST = 250;       // running into a point where another flow bends, starts or ends
const OVERLAP_COST = 6;       // per px run on top of another flow
const OVERLAP_ENTER_COST = 60;

// labels (bpmn-js external labels: 11px Arial, line height 1.2, wrapped at 90px)
const LABEL_MAX_W = 90;
const LABEL_CHAR_W = 6.2;
const LABEL_LINE_H = 14;

const moddle = new BpmnModdle();

// ---------------------------------------------------------------------------------------------
// model helpers

const is = (el, type) => !!(el && el.$instanceOf && el.$instanceOf(type));
const isEventSubProcess = el => is(el, 'bpmn:SubProcess') && !!el.triggeredByEvent;
const isBoundary = el => is(el, 'bpmn:BoundaryEvent');

function isVisual(el) {
  return is(el, 'bpmn:FlowNode') || is(el, 'bpmn:DataObjectReference') || is(el, 'bpmn:DataStoreReference');
}

function flowElements(container) {
  return container.flowElements || [];
}

// every element that the completeness check requires: flow nodes and sequence flows, at any depth
function collectRequired(container, nodes, flows) {
  for (const el of flowElements(container)) {
    if (is(el, 'bpmn:SequenceFlow')) flows.push(el);
    else if (is(el, 'bpmn:FlowNode')) nodes.push(el);
    if (is(el, 'bpmn:SubProcess')) collectRequired(el, nodes, flows);
  }
}

function diIds(definitions) {
  const shapes = new Set();
  const edges = new Set();
  for (const diagram of definitions.diagrams || []) {
    for (const pe of (diagram.plane && diagram.plane.planeElement) || []) {
      if (!pe.bpmnElement) continue;
      if (is(pe, 'bpmndi:BPMNShape') && pe.bounds) shapes.add(pe.bpmnElement.id);
      if (is(pe, 'bpmndi:BPMNEdge') && (pe.waypoint || []).length >= 2) edges.add(pe.bpmnElement.id);
    }
  }
  return { shapes, edges };
}

function missingDi(definitions) {
  const nodes = [];
  const flows = [];
  for (const root of definitions.rootElements || []) {
    if (is(root, 'bpmn:Process')) collectRequired(root, nodes, flows);
  }
  const { shapes, edges } = diIds(definitions);
  return {
    hasDiagram: (definitions.diagrams || []).length > 0,
    nodes: nodes.filter(n => !shapes.has(n.id)).map(n => n.id),
    flows: flows.filter(f => !edges.has(f.id)).map(f => f.id)
  };
}

// ---------------------------------------------------------------------------------------------
// geometry helpers

const cx = s => s.x + s.width / 2;
const cy = s => s.y + s.height / 2;

function bbox(rects) {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (const r of rects) {
    x1 = Math.min(x1, r.x); y1 = Math.min(y1, r.y);
    x2 = Math.max(x2, r.x + r.width); y2 = Math.max(y2, r.y + r.height);
  }
  if (x1 === Infinity) return { x: 0, y: 0, width: 0, height: 0 };
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

function overlapArea(a, b) {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

// length of the stretch two axis-parallel segments have in common
function collinearOverlap(p, q, r, t) {
  if (p.y === q.y && r.y === t.y && p.y === r.y) {
    return Math.min(Math.max(p.x, q.x), Math.max(r.x, t.x)) - Math.max(Math.min(p.x, q.x), Math.min(r.x, t.x));
  }
  if (p.x === q.x && r.x === t.x && p.x === r.x) {
    return Math.min(Math.max(p.y, q.y), Math.max(r.y, t.y)) - Math.max(Math.min(p.y, q.y), Math.min(r.y, t.y));
  }
  return 0;
}

function segmentHitsRect(p, q, r, pad = 0) {
  const x1 = Math.min(p.x, q.x), x2 = Math.max(p.x, q.x);
  const y1 = Math.min(p.y, q.y), y2 = Math.max(p.y, q.y);
  return x2 > r.x - pad && x1 < r.x + r.width + pad && y2 > r.y - pad && y1 < r.y + r.height + pad;
}

// estimated size of an external label as bpmn-js lays it out (wrapped at spaces, CJK characters
// can break anywhere and are about twice as wide as Latin ones)
const WIDE = /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;
const WRAP_TOKENS = /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[^\s\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+|\s+/g;

// The label box is written a little wider than the text is estimated to need, so bpmn-js (which
// wraps the text at the box width) does not make more lines than estimated.
function labelSize(text) {
  const { lines, width } = wrapLines(text, LABEL_MAX_W - 6, LABEL_CHAR_W, 11.5);
  return { width: Math.min(LABEL_MAX_W, Math.ceil(width) + 10), height: lines.length * LABEL_LINE_H };
}

const hasExternalLabel = el =>
  (is(el, 'bpmn:Event') || is(el, 'bpmn:Gateway') || is(el, 'bpmn:DataObjectReference') ||
   is(el, 'bpmn:DataStoreReference')) && !!(el.name && el.name.trim());

// ---------------------------------------------------------------------------------------------
// step 1: bpmn-auto-layout on one process level

const xmlEscape = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

// A stripped-down process holding one level's nodes and flows: bpmn-auto-layout gets the
// connections from <incoming>/<outgoing>, which are derived here from the flows (the engine does
// not need them, so a hand-written file may lack them); nested sub-processes are given empty.
function syntheticProcess(container, nodes, seqFlows) {
  const ids = new Set(nodes.map(n => n.id));
  const flows = seqFlows.filter(f => f.sourceRef && f.targetRef && ids.has(f.sourceRef.id) && ids.has(f.targetRef.id));

  // bpmn-auto-layout keeps a node's first outgoing flow on the node's row and puts the others
  // below: list first the flow whose target has the longest way to go (loops not counted), so
  // that the main path stays straight and short branches (e.g. to an end event) go below
  const outOf = new Map();
  for (const f of flows) {
    if (!outOf.has(f.sourceRef.id)) outOf.set(f.sourceRef.id, []);
    outOf.get(f.sourceRef.id).push(f);
  }
  const depth = new Map();
  const onStack = new Set();
  const longest = id => {
    if (depth.has(id)) return depth.get(id);
    if (onStack.has(id)) return 0;
    onStack.add(id);
    let d = 0;
    for (const f of outOf.get(id) || []) d = Math.max(d, 1 + longest(f.targetRef.id));
    for (const n of nodes) {
      if (isBoundary(n) && n.attachedToRef && n.attachedToRef.id === id) d = Math.max(d, longest(n.id));
    }
    onStack.delete(id);
    depth.set(id, d);
    return d;
  };
  const outgoingOrder = id => [ ...(outOf.get(id) || []) ]
    .map((f, k) => ({ f, k, d: longest(f.targetRef.id) }))
    .sort((a, b) => (b.d - a.d) || (a.k - b.k))
    .map(x => x.f);

  const out = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Synthetic" targetNamespace="synthetic">');
  out.push(`<process id="${xmlEscape(container.id)}">`);
  for (const n of nodes) {
    const tag = n.$type.replace(/^bpmn:/, '').replace(/^./, c => c.toLowerCase());
    const attrs = [ `id="${xmlEscape(n.id)}"` ];
    if (isBoundary(n) && n.attachedToRef && ids.has(n.attachedToRef.id)) {
      attrs.push(`attachedToRef="${xmlEscape(n.attachedToRef.id)}"`);
    }
    out.push(`<${tag} ${attrs.join(' ')}>`);
    for (const f of flows) if (f.targetRef.id === n.id) out.push(`<incoming>${xmlEscape(f.id)}</incoming>`);
    for (const f of outgoingOrder(n.id)) out.push(`<outgoing>${xmlEscape(f.id)}</outgoing>`);
    out.push(`</${tag}>`);
  }
  for (const f of flows) {
    out.push(`<sequenceFlow id="${xmlEscape(f.id)}" sourceRef="${xmlEscape(f.sourceRef.id)}" targetRef="${xmlEscape(f.targetRef.id)}" />`);
  }
  out.push('</process></definitions>');
  return out.join('\n');
}

async function autoLayoutLevel(container, nodes, seqFlows) {
  const xml = syntheticProcess(container, nodes, seqFlows);
  const laidOut = await layoutProcess(xml);
  const { rootElement } = await moddle.fromXML(laidOut);
  const bounds = new Map();
  for (const diagram of rootElement.diagrams || []) {
    for (const pe of diagram.plane.planeElement || []) {
      if (is(pe, 'bpmndi:BPMNShape') && pe.bpmnElement && pe.bounds) {
        const { x, y, width, height } = pe.bounds;
        // the first shape wins: bpmn-auto-layout never draws a node twice on one level
        if (!bounds.has(pe.bpmnElement.id)) bounds.set(pe.bpmnElement.id, { x, y, width, height });
      }
    }
  }
  return bounds;
}

// ---------------------------------------------------------------------------------------------
// step 2: post-processing of one level, recursively

function defaultSize(el) {
  if (is(el, 'bpmn:Gateway')) return { width: 50, height: 50 };
  if (is(el, 'bpmn:Event')) return { width: 36, height: 36 };
  if (is(el, 'bpmn:DataObjectReference')) return { width: 36, height: 50 };
  if (is(el, 'bpmn:DataStoreReference')) return { width: 50, height: 50 };
  return { width: 100, height: 80 };
}

// Grid clean-up on bpmn-auto-layout's cells: a start event with a single outgoing flow goes to the
// free cell of its column nearest to its target's row (bpmn-auto-layout opens a new bottom row for
// every start node); then empty rows are dropped.
function tidyGrid(nodes, seqFlows, pos) {
  const cell = new Map();
  const occupied = new Map();
  const key = (r, c) => `${r}:${c}`;
  for (const n of nodes) {
    if (isBoundary(n)) continue;
    const b = pos.get(n.id);
    const r = Math.round((cy(b) - CELL_H / 2) / CELL_H);
    const c = Math.round((cx(b) - CELL_W / 2) / CELL_W);
    cell.set(n.id, { r, c });
    occupied.set(key(r, c), n.id);
  }
  const moveTo = (id, r, c) => {
    const old = cell.get(id);
    occupied.delete(key(old.r, old.c));
    cell.set(id, { r, c });
    occupied.set(key(r, c), id);
  };

  for (const n of nodes) {
    if (!is(n, 'bpmn:StartEvent')) continue;
    const incoming = seqFlows.filter(f => f.targetRef === n);
    const outgoing = seqFlows.filter(f => f.sourceRef === n);
    if (incoming.length || outgoing.length !== 1) continue;
    const target = cell.get(outgoing[0].targetRef.id);
    const own = cell.get(n.id);
    if (!target || !own) continue;
    let best = null;
    for (let d = 0; d <= Math.abs(own.r - target.r); d++) {
      for (const r of [ target.r - d, target.r + d ]) {
        if (r < 0 || best) continue;
        if (r === own.r) { best = own; continue; }
        if (!occupied.has(key(r, own.c))) best = { r, c: own.c };
      }
      if (best) break;
    }
    if (best && best.r !== own.r) moveTo(n.id, best.r, best.c);
  }

  // activities grow to fit their names; then columns and rows are spaced for their largest
  // element, and empty rows are dropped
  const byId = new Map(nodes.map(n => [ n.id, n ]));
  for (const id of cell.keys()) {
    const n = byId.get(id);
    const b = pos.get(id);
    if (is(n, 'bpmn:Activity') && !(is(n, 'bpmn:SubProcess') && flowElements(n).length)) {
      // room for the boundary events side by side on the bottom edge
      const attached = nodes.filter(a => isBoundary(a) && a.attachedToRef === n).length;
      pos.set(id, { ...b, ...activitySize(n, 20 + attached * 50) });
    }
  }
  const rows = [ ...new Set([ ...cell.values() ].map(v => v.r)) ].sort((a, b) => a - b);
  const cols = [ ...new Set([ ...cell.values() ].map(v => v.c)) ].sort((a, b) => a - b);
  const colW = new Map(), rowH = new Map();
  for (const [ id, { r, c } ] of cell) {
    const b = pos.get(id);
    colW.set(c, Math.max(colW.get(c) || CELL_W, b.width + CELL_W - 100));
    rowH.set(r, Math.max(rowH.get(r) || CELL_H, b.height + CELL_H - 80));
  }
  const colX = new Map(), rowY = new Map();
  let acc = 0;
  for (let c = 0; c <= cols[cols.length - 1]; c++) { colX.set(c, acc); acc += colW.get(c) || CELL_W; }
  acc = 0;
  for (const r of rows) { rowY.set(r, acc); acc += rowH.get(r); }

  for (const [ id, { r, c } ] of cell) {
    const b = pos.get(id);
    pos.set(id, {
      ...b,
      x: colX.get(c) + ((colW.get(c) || CELL_W) - b.width) / 2,
      y: rowY.get(r) + (rowH.get(r) - b.height) / 2
    });
  }
}

// Size of a task or call activity that fits its name (bpmn-js: 12px font, line height 1.2,
// 7px padding): 100x80 when it fits, else the next larger of a few steps.
const ACTIVITY_SIZES = [ [ 100, 80 ], [ 120, 80 ], [ 140, 80 ], [ 120, 100 ], [ 140, 100 ], [ 160, 100 ], [ 160, 120 ] ];

function wrapLines(text, maxWidth, charW, wideW) {
  const wide = ch => WIDE.test(ch);
  const width = t => [ ...t ].reduce((w, ch) => w + (wide(ch) ? wideW : charW), 0);
  const tokens = String(text).trim().match(WRAP_TOKENS) || [ '' ];
  const lines = [];
  let line = '';
  for (const tok of tokens) {
    if (!line && /^\s+$/.test(tok)) continue;
    if (line && width((line + tok).trimEnd()) > maxWidth) {
      lines.push(line.trimEnd());
      line = /^\s+$/.test(tok) ? '' : tok;
    } else {
      line += tok;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (!lines.length) lines.push('');
  return { lines, width: Math.max(...lines.map(width)) };
}

function activitySize(el, minWidth = 0) {
  const name = (el.name || '').trim();
  const markers = is(el, 'bpmn:CallActivity') || !!el.loopCharacteristics || is(el, 'bpmn:SubProcess');
  for (const [ width, height ] of ACTIVITY_SIZES) {
    if (width < minWidth) continue;
    const { lines } = wrapLines(name, width - 14, 6.8, 12.5);
    if (!name || lines.length * 14.4 + 24 + (markers ? 14 : 0) <= height) return { width, height };
  }
  const [ width, height ] = ACTIVITY_SIZES[ACTIVITY_SIZES.length - 1];
  return { width: Math.max(width, Math.ceil(minWidth / 10) * 10), height };
}

function placeBoundaryEvents(nodes, pos) {
  const byHost = new Map();
  for (const n of nodes) {
    if (!isBoundary(n) || !n.attachedToRef || !pos.has(n.attachedToRef.id)) continue;
    if (!byHost.has(n.attachedToRef.id)) byHost.set(n.attachedToRef.id, []);
    byHost.get(n.attachedToRef.id).push(n);
  }
  for (const [ hostId, events ] of byHost) {
    const host = pos.get(hostId);
    events.forEach((ev, i) => {
      const size = defaultSize(ev);
      pos.set(ev.id, {
        x: Math.round(host.x + (i + 1) * host.width / (events.length + 1) - size.width / 2),
        y: Math.round(host.y + host.height - size.height / 2),
        width: size.width,
        height: size.height
      });
    });
  }
}

// rectangles that a level's content occupies, with the default (below) label areas
function contentRects(nodes, pos) {
  const rects = [];
  for (const n of nodes) {
    const b = pos.get(n.id);
    if (!b) continue;
    rects.push(b);
    if (hasExternalLabel(n)) {
      const size = labelSize(n.name);
      rects.push({ x: cx(b) - size.width / 2, y: b.y + b.height + 5, width: size.width, height: size.height });
    }
  }
  return rects;
}

/**
 * Lay out the content of a process or sub-process. Returns
 * { pos: Map id -> bounds (local coordinates, content starting at 0,0), width, height,
 *   children: Map subProcessId -> nested result }.
 */
async function layoutLevel(container, notes) {
  const all = flowElements(container);
  const seqFlows = all.filter(el => is(el, 'bpmn:SequenceFlow'));
  const visual = all.filter(isVisual);
  const eventSubs = visual.filter(isEventSubProcess);
  const nodes = visual.filter(n => !isEventSubProcess(n));
  const embedded = nodes.filter(n => is(n, 'bpmn:SubProcess'));

  const pos = nodes.length ? await autoLayoutLevel(container, nodes, seqFlows) : new Map();

  // anything bpmn-auto-layout did not place goes into an extra row below
  const missing = nodes.filter(n => !isBoundary(n) && !pos.has(n.id));
  if (missing.length) {
    const placed = bbox([ ...pos.values() ]);
    let col = 0;
    const row = pos.size ? Math.round((placed.y + placed.height) / CELL_H) + 1 : 0;
    for (const n of missing) {
      const size = defaultSize(n);
      pos.set(n.id, { x: col * CELL_W + (CELL_W - size.width) / 2, y: row * CELL_H + (CELL_H - size.height) / 2, ...size });
      col++;
    }
    notes.push(`bpmn-auto-layout placed no shape for ${missing.map(n => n.id).join(', ')}: put in an extra row`);
  }

  tidyGrid(nodes, seqFlows, pos);

  const children = new Map();

  // expanded embedded sub-processes: open up space around them like a space tool
  for (const sp of embedded) {
    const inner = await layoutLevel(sp, notes);
    children.set(sp.id, inner);
    const b = pos.get(sp.id);
    const W = Math.max(b.width, inner.width + 2 * SUB_PAD_X);
    const H = Math.max(b.height, inner.height + SUB_PAD_TOP + SUB_PAD_BOTTOM);
    const dx = W - b.width;
    const dy = H - b.height;
    for (const n of nodes) {
      if (n === sp || isBoundary(n)) continue;
      const o = pos.get(n.id);
      const shifted = { ...o };
      if (o.x >= b.x + b.width) shifted.x += dx;
      if (o.y >= b.y + b.height) shifted.y += Math.ceil(dy / 2);
      else if (o.y + o.height <= b.y) shifted.y -= Math.ceil(dy / 2);
      pos.set(n.id, shifted);
    }
    pos.set(sp.id, { x: b.x, y: b.y - Math.ceil(dy / 2), width: W, height: H });
  }

  placeBoundaryEvents(nodes, pos);

  // normalise: content starts at 0,0
  const box = bbox(contentRects(nodes, pos));
  for (const [ id, b ] of pos) pos.set(id, { ...b, x: b.x - box.x, y: b.y - box.y });
  let width = box.width;
  let height = box.height;

  // event sub-processes: expanded, in a row below the flow
  if (eventSubs.length) {
    let x = 0;
    const y = nodes.length ? height + EVENT_SUB_GAP : 0;
    let rowHeight = 0;
    let rowY = y;
    const maxRowWidth = Math.max(width, 700);
    for (const esp of eventSubs) {
      const inner = await layoutLevel(esp, notes);
      children.set(esp.id, inner);
      const W = Math.max(160, inner.width + 2 * SUB_PAD_X);
      const H = Math.max(100, inner.height + SUB_PAD_TOP + SUB_PAD_BOTTOM);
      if (x > 0 && x + W > maxRowWidth) {
        x = 0;
        rowY += rowHeight + 30;
        rowHeight = 0;
      }
      pos.set(esp.id, { x, y: rowY, width: W, height: H });
      x += W + 30;
      rowHeight = Math.max(rowHeight, H);
    }
    const all2 = bbox([ { x: 0, y: 0, width, height }, ...eventSubs.map(e => pos.get(e.id)) ]);
    width = all2.width;
    height = all2.height;
  }

  return { pos, width, height, children, nodes: [ ...nodes, ...eventSubs ], seqFlows, container };
}

// absolute coordinates for a level and its sub-processes
function place(level, ox, oy, out, parentId) {
  for (const n of level.nodes) {
    const b = level.pos.get(n.id);
    const abs = { x: Math.round(b.x + ox), y: Math.round(b.y + oy), width: b.width, height: b.height };
    out.shapes.set(n.id, { ...abs, el: n, parent: parentId });
    const child = level.children.get(n.id);
    if (child) {
      // centre the content in the sub-process box
      const innerX = abs.x + (abs.width - child.width) / 2;
      const innerY = abs.y + SUB_PAD_TOP + (abs.height - SUB_PAD_TOP - SUB_PAD_BOTTOM - child.height) / 2;
      place(child, innerX, innerY, out, n.id);
    }
  }
  out.levels.push({ level, parentId });
}

// ---------------------------------------------------------------------------------------------
// step 3: orthogonal routing of the sequence flows of one level

const DIRS = [ { dx: 1, dy: 0 }, { dx: -1, dy: 0 }, { dx: 0, dy: 1 }, { dx: 0, dy: -1 } ]; // E W S N
const SIDE_DIR = { right: 0, left: 1, bottom: 2, top: 3 };
const OPPOSITE = [ 1, 0, 3, 2 ];

class Heap {
  constructor() { this.a = []; }
  get size() { return this.a.length; }
  push(item) {
    const a = this.a;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].f <= a[i].f) break;
      [ a[p], a[i] ] = [ a[i], a[p] ];
      i = p;
    }
  }
  pop() {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && a[l].f < a[m].f) m = l;
        if (r < a.length && a[r].f < a[m].f) m = r;
        if (m === i) break;
        [ a[m], a[i] ] = [ a[i], a[m] ];
        i = m;
      }
    }
    return top;
  }
}

function ports(s) {
  return {
    right: { x: s.x + s.width, y: cy(s) },
    left: { x: s.x, y: cy(s) },
    bottom: { x: cx(s), y: s.y + s.height },
    top: { x: cx(s), y: s.y }
  };
}

function routeLevel(shapes, obstacleIds, flows, domain, notes) {
  const obstacles = obstacleIds.map(id => ({ id, ...shapes.get(id) }));

  // grid lines
  const xsSet = new Set([ domain.x, domain.x + domain.width ]);
  const ysSet = new Set([ domain.y, domain.y + domain.height ]);
  for (const o of obstacles) {
    for (const v of [ o.x - CLEARANCE, o.x, cx(o), o.x + o.width, o.x + o.width + CLEARANCE ]) xsSet.add(Math.round(v));
    for (const v of [ o.y - CLEARANCE, o.y, cy(o), o.y + o.height, o.y + o.height + CLEARANCE ]) ysSet.add(Math.round(v));
  }
  const withChannels = set => {
    const v = [ ...set ].filter(n => Number.isFinite(n)).sort((a, b) => a - b);
    const extra = [];
    for (let i = 0; i + 1 < v.length; i++) {
      if (v[i + 1] - v[i] > 2 * CLEARANCE) extra.push(Math.round((v[i] + v[i + 1]) / 2));
    }
    return [ ...new Set([ ...v, ...extra ]) ].sort((a, b) => a - b);
  };
  const xs = withChannels(xsSet).filter(v => v >= domain.x && v <= domain.x + domain.width);
  const ys = withChannels(ysSet).filter(v => v >= domain.y && v <= domain.y + domain.height);
  const xi = new Map(xs.map((v, i) => [ v, i ]));
  const yi = new Map(ys.map((v, i) => [ v, i ]));
  const NX = xs.length, NY = ys.length;

  // which obstacles block each unit grid segment: horizontal (i,j)-(i+1,j), vertical (i,j)-(i,j+1)
  const blockH = new Array(NX * NY);
  const blockV = new Array(NX * NY);
  for (let j = 0; j < NY; j++) {
    for (let i = 0; i < NX; i++) {
      const idx = j * NX + i;
      if (i + 1 < NX) {
        const p = { x: xs[i], y: ys[j] }, q = { x: xs[i + 1], y: ys[j] };
        const hit = obstacles.filter(o => segmentHitsRect(p, q, o, INFLATE + 0.5)).map(o => o.id);
        if (hit.length) blockH[idx] = hit;
      }
      if (j + 1 < NY) {
        const p = { x: xs[i], y: ys[j] }, q = { x: xs[i], y: ys[j + 1] };
        const hit = obstacles.filter(o => segmentHitsRect(p, q, o, INFLATE + 0.5)).map(o => o.id);
        if (hit.length) blockV[idx] = hit;
      }
    }
  }

  const usedSeg = new Map();   // "h:idx" / "v:idx" -> [{ flow, source, target }]
  const usedPoint = new Map(); // idx -> { h: bool, v: bool }
  const portUse = new Map();   // "shapeId:side" -> { in, out }
  const routes = new Map();

  const segKey = (i, j, d) => {
    // unit segment leaving (i,j) in direction d
    if (d === 0) return `h:${j * NX + i}`;
    if (d === 1) return `h:${j * NX + i - 1}`;
    if (d === 2) return `v:${j * NX + i}`;
    return `v:${(j - 1) * NX + i}`;
  };

  // forward flows first (those that can run straight before the others), short before long;
  // loops back last
  const order = [ ...flows ].sort((a, b) => {
    const sa = shapes.get(a.sourceRef.id), ta = shapes.get(a.targetRef.id);
    const sb = shapes.get(b.sourceRef.id), tb = shapes.get(b.targetRef.id);
    const back = (f, src, tgt) => (f.sourceRef === f.targetRef ? 2 : cx(tgt) < cx(src) ? 1 : 0);
    const backA = back(a, sa, ta), backB = back(b, sb, tb);
    if (backA !== backB) return backA - backB;
    const bentA = Math.abs(cy(ta) - cy(sa)) < 1 ? 0 : 1, bentB = Math.abs(cy(tb) - cy(sb)) < 1 ? 0 : 1;
    if (bentA !== bentB) return bentA - bentB;
    const da = Math.abs(cx(ta) - cx(sa)) + Math.abs(cy(ta) - cy(sa));
    const db = Math.abs(cx(tb) - cx(sb)) + Math.abs(cy(tb) - cy(sb));
    return da - db;
  });

  for (const flow of order) {
    const S = shapes.get(flow.sourceRef.id);
    const T = shapes.get(flow.targetRef.id);
    const sourceId = flow.sourceRef.id, targetId = flow.targetRef.id;
    const sPorts = ports(S), tPorts = ports(T);

    const sideCost = (shapeId, side, dirKind) => {
      const use = portUse.get(`${shapeId}:${side}`) || { in: 0, out: 0 };
      let c = 0;
      if (dirKind === 'out') c += use.in ? 400 : 0, c += use.out ? 200 : 0;
      else c += use.out ? 400 : 0, c += use.in ? 40 : 0;
      return c;
    };

    const sourceSides = isBoundary(flow.sourceRef)
      ? { bottom: 0, right: 400, left: 400, top: 1000 }
      : { right: 0, top: 20, bottom: 20, left: 150 };
    const targetSides = { left: 0, top: 20, bottom: 20, right: 150 };

    // exemptions: the unit segments on the ray out of a source port and into a target port, up to
    // the clearance distance, may cross that shape's inflated outline
    const exempt = new Map();
    const exemptRay = (i, j, d, id) => {
      const x0 = xs[i], y0 = ys[j];
      for (let ci = i, cj = j; ;) {
        const ni = ci + DIRS[d].dx, nj = cj + DIRS[d].dy;
        if (ni < 0 || nj < 0 || ni >= NX || nj >= NY) break;
        const k = segKey(ci, cj, d);
        if (!exempt.has(k)) exempt.set(k, new Set());
        exempt.get(k).add(id);
        if (Math.abs(xs[ni] - x0) + Math.abs(ys[nj] - y0) >= CLEARANCE) break;
        ci = ni; cj = nj;
      }
    };
    const startStates = [];
    for (const [ side, penalty ] of Object.entries(sourceSides)) {
      const p = sPorts[side];
      const i = xi.get(Math.round(p.x)), j = yi.get(Math.round(p.y));
      if (i === undefined || j === undefined) continue;
      const d = SIDE_DIR[side];
      exemptRay(i, j, d, sourceId);
      startStates.push({ i, j, d, g: penalty + sideCost(sourceId, side, 'out'), side });
    }
    const goals = new Map(); // "i:j:d" -> { penalty, side }
    for (const [ side, penalty ] of Object.entries(targetSides)) {
      const p = tPorts[side];
      const i = xi.get(Math.round(p.x)), j = yi.get(Math.round(p.y));
      if (i === undefined || j === undefined) continue;
      const inward = OPPOSITE[SIDE_DIR[side]];
      exemptRay(i, j, SIDE_DIR[side], targetId);
      goals.set(`${i}:${j}:${inward}`, { penalty: penalty + sideCost(targetId, side, 'in'), side });
    }

    const blocked = (i, j, d) => {
      const k = segKey(i, j, d);
      const list = k[0] === 'h' ? blockH[+k.slice(2)] : blockV[+k.slice(2)];
      if (!list) return false;
      const ex = exempt.get(k);
      return list.some(id => !(ex && ex.has(id)));
    };

    const goalPoints = [ ...goals.keys() ].map(k => k.split(':').map(Number));
    const h = (i, j) => Math.min(...goalPoints.map(([ gi, gj ]) => Math.abs(xs[i] - xs[gi]) + Math.abs(ys[j] - ys[gj])));

    const heap = new Heap();
    const best = new Map();
    const prev = new Map();
    for (const s of startStates) {
      const key = `${s.i}:${s.j}:${s.d}:start`;
      heap.push({ f: s.g + h(s.i, s.j), g: s.g, i: s.i, j: s.j, d: s.d, start: true, key, side: s.side });
      best.set(key, s.g);
    }

    let found = null;
    let expansions = 0;
    while (heap.size && expansions < 400000) {
      const cur = heap.pop();
      expansions++;
      if (cur.goal) { found = cur; break; }
      if (best.get(cur.key) < cur.g) continue;

      const here = `${cur.i}:${cur.j}:${cur.d}`;
      if (!cur.start && goals.has(here) && !(sourceId === targetId && goals.get(here).side === cur.side)) {
        const goal = goals.get(here);
        const g = cur.g + goal.penalty;
        heap.push({ f: g, g, goal: true, key: here + ':goal', parent: cur, side: goal.side });
        // fall through: it may also go on
      }

      for (let d = 0; d < 4; d++) {
        if (cur.start && d !== cur.d) continue;     // leave a port straight out
        if (d === OPPOSITE[cur.d] && !cur.start) continue;
        const ni = cur.i + DIRS[d].dx, nj = cur.j + DIRS[d].dy;
        if (ni < 0 || nj < 0 || ni >= NX || nj >= NY) continue;
        if (blocked(cur.i, cur.j, d)) continue;
        const len = Math.abs(xs[ni] - xs[cur.i]) + Math.abs(ys[nj] - ys[cur.j]);
        let g = cur.g + len;
        if (d !== cur.d) g += BEND_COST;
        const sk = segKey(cur.i, cur.j, d);
        const users = usedSeg.get(sk);
        if (users) {
          // flows into the same target may merge, flows out of the same gateway may split off a
          // shared trunk; anything else running on top of another flow is expensive
          const friendly = users.every(u => u.target === targetId ||
            (u.source === sourceId && is(flow.sourceRef, 'bpmn:Gateway')));
          g += len * (friendly ? 1 : OVERLAP_COST);
          const prevUsers = cur.start ? null : usedSeg.get(segKey(cur.i, cur.j, OPPOSITE[cur.d]));
          if (!friendly && !prevUsers) g += OVERLAP_ENTER_COST;
        }
        const pu = usedPoint.get(nj * NX + ni);
        if (pu) {
          const friendlyPoint = (pu.targets.size === 1 && pu.targets.has(targetId)) ||
            (pu.sources.size === 1 && pu.sources.has(sourceId) && is(flow.sourceRef, 'bpmn:Gateway'));
          if (pu.turn && !friendlyPoint) g += TOUCH_COST;
          else if ((d < 2 ? pu.v : pu.h) && !(d < 2 ? pu.h : pu.v)) g += CROSS_COST;
        }
        const key = `${ni}:${nj}:${d}`;
        if (best.has(key) && best.get(key) <= g) continue;
        best.set(key, g);
        prev.set(key, cur);
        heap.push({ f: g + h(ni, nj), g, i: ni, j: nj, d, key, parent: cur, side: cur.side });
      }
    }

    let points;
    if (found) {
      const chain = [];
      for (let s = found.parent; s; s = s.parent) chain.push(s);
      chain.reverse();
      points = chain.map(s => ({ i: s.i, j: s.j, d: s.d }));
      const sourceSide = chain[0].side;
      const targetSide = found.side;
      // bookkeeping for the next flows
      for (let k = 1; k < points.length; k++) {
        const a = points[k - 1], b = points[k];
        const sk = segKey(a.i, a.j, b.d);
        if (!usedSeg.has(sk)) usedSeg.set(sk, []);
        usedSeg.get(sk).push({ flow: flow.id, source: sourceId, target: targetId });
      }
      // points: passed straight through (h or v), or where the flow turns, starts or ends
      points.forEach((p, k) => {
        const idx = p.j * NX + p.i;
        const u = usedPoint.get(idx) || { h: false, v: false, turn: false, targets: new Set(), sources: new Set() };
        const dIn = k > 0 ? p.d : null;
        const dOut = k + 1 < points.length ? points[k + 1].d : null;
        if (dIn === null || dOut === null || dIn !== dOut) u.turn = true;
        else if (dIn < 2) u.h = true;
        else u.v = true;
        u.targets.add(targetId);
        u.sources.add(sourceId);
        usedPoint.set(idx, u);
      });
      const bumpPort = (id, side, kind) => {
        const k = `${id}:${side}`;
        const u = portUse.get(k) || { in: 0, out: 0 };
        u[kind]++;
        portUse.set(k, u);
      };
      bumpPort(sourceId, sourceSide, 'out');
      bumpPort(targetId, targetSide, 'in');
      points = points.map(p => ({ x: xs[p.i], y: ys[p.j] }));
    } else {
      notes.push(`no clear route for ${flow.id}: drawn straight across`);
      const a = sPorts[isBoundary(flow.sourceRef) ? 'bottom' : 'right'];
      const b = tPorts.left;
      points = [ a, { x: a.x, y: b.y }, b ];
    }
    routes.set(flow.id, simplify(points));
  }
  return routes;
}

function simplify(points) {
  const out = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    if (out.length >= 2) {
      const a = out[out.length - 2], b = last;
      if ((a.x === b.x && b.x === p.x) || (a.y === b.y && b.y === p.y)) out.pop();
    }
    out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// step 4: labels

function placeLabels(shapes, routes, flowsById) {
  const labels = new Map();
  const placed = [];
  const shapeRects = [ ...shapes.entries() ]
    .filter(([ , s ]) => !is(s.el, 'bpmn:SubProcess'))
    .map(([ id, s ]) => ({ id, x: s.x, y: s.y, width: s.width, height: s.height }));
  // sub-process frames: only their border lines matter
  const frames = [ ...shapes.values() ].filter(s => is(s.el, 'bpmn:SubProcess'));
  const segments = [];
  for (const [ id, wps ] of routes) {
    for (let k = 1; k < wps.length; k++) segments.push({ id, p: wps[k - 1], q: wps[k] });
  }

  const score = (r, ownId) => {
    let s = 0;
    for (const o of shapeRects) if (o.id !== ownId) s += overlapArea(r, o) * 10;
    for (const f of frames) {
      const inside = r.x >= f.x && r.y >= f.y && r.x + r.width <= f.x + f.width && r.y + r.height <= f.y + f.height;
      const outside = overlapArea(r, f) === 0;
      if (!inside && !outside) s += 3000;
      if (f.el.id !== ownId && inside && r.y < f.y + SUB_PAD_TOP - 10 && r.x < f.x + 120) s += 2000; // sub-process title
    }
    for (const seg of segments) if (segmentHitsRect(seg.p, seg.q, r, 2)) s += 5000;
    for (const p of placed) s += overlapArea(r, p) * 20;
    return s;
  };

  const choose = (candidates, ownId, extra = []) => {
    let bestC = null, bestS = Infinity;
    candidates.forEach((c, k) => {
      const s = score(c, ownId) + k * 3 + (extra[k] || 0);
      if (s < bestS) { bestS = s; bestC = c; }
    });
    return bestC;
  };

  // events and gateways
  for (const [ id, s ] of shapes) {
    if (!hasExternalLabel(s.el)) continue;
    const { width, height } = labelSize(s.el.name);
    const mx = cx(s) - width / 2, my = cy(s) - height / 2;
    const below = { x: mx, y: s.y + s.height + 5, width, height };
    const above = { x: mx, y: s.y - height - 5, width, height };
    const right = { x: s.x + s.width + 6, y: my, width, height };
    const left = { x: s.x - width - 6, y: my, width, height };
    const belowRight = { x: s.x + s.width + 2, y: s.y + s.height + 2, width, height };
    const belowLeft = { x: s.x - width - 2, y: s.y + s.height + 2, width, height };
    const aboveRight = { x: s.x + s.width + 2, y: s.y - height - 2, width, height };
    const aboveLeft = { x: s.x - width - 2, y: s.y - height - 2, width, height };
    const base = isBoundary(s.el)
      ? [ belowRight, belowLeft, below, right, left ]
      : [ below, above, belowLeft, belowRight, aboveLeft, aboveRight, right, left ];
    // the same spots, then nudged away from the shape in steps
    const candidates = [ ...base ];
    for (const step of [ 8, 16, 28 ]) {
      for (const c of base) {
        const ddx = Math.sign(c.x + c.width / 2 - cx(s)), ddy = Math.sign(c.y + c.height / 2 - cy(s));
        candidates.push({ ...c, x: c.x + ddx * step, y: c.y + ddy * step });
      }
    }
    const r = choose(candidates, id);
    labels.set(id, r);
    placed.push(r);
  }

  // named flows: near their start, beside a segment
  for (const [ id, wps ] of routes) {
    const flow = flowsById.get(id);
    if (!flow || !(flow.name && flow.name.trim())) continue;
    const { width, height } = labelSize(flow.name);
    const candidates = [];
    const sharedPenalty = [];
    for (let k = 1; k < wps.length; k++) {
      const p = wps[k - 1], q = wps[k];
      const len = Math.abs(q.x - p.x) + Math.abs(q.y - p.y);
      // a label beside a stretch that another flow runs on too would be ambiguous
      const shared = segments.some(o => o.id !== id && collinearOverlap(p, q, o.p, o.q) > 2);
      const before = candidates.length;
      if (p.y === q.y) {
        const x0 = Math.min(p.x, q.x), x1 = Math.max(p.x, q.x);
        if (len >= width + 10) {
          const sx = p.x < q.x ? x0 + 8 : x1 - width - 8;
          candidates.push({ x: sx, y: p.y - height - 3, width, height });
          candidates.push({ x: sx, y: p.y + 3, width, height });
        }
        candidates.push({ x: (x0 + x1) / 2 - width / 2, y: p.y - height - 3, width, height });
        candidates.push({ x: (x0 + x1) / 2 - width / 2, y: p.y + 3, width, height });
      } else {
        const y0 = Math.min(p.y, q.y), y1 = Math.max(p.y, q.y);
        const sy = p.y < q.y ? y0 + 6 : y1 - height - 6;
        candidates.push({ x: p.x + 5, y: sy, width, height });
        candidates.push({ x: p.x - width - 5, y: sy, width, height });
        candidates.push({ x: p.x + 5, y: (y0 + y1) / 2 - height / 2, width, height });
        candidates.push({ x: p.x - width - 5, y: (y0 + y1) / 2 - height / 2, width, height });
      }
      for (let c = before; c < candidates.length; c++) sharedPenalty[c] = shared ? 2500 : 0;
    }
    const r = choose(candidates, id, sharedPenalty);
    if (r) {
      labels.set(id, r);
      placed.push(r);
    }
  }

  for (const r of labels.values()) {
    r.x = Math.round(r.x); r.y = Math.round(r.y);
    r.width = Math.round(r.width); r.height = Math.round(r.height);
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------
// the whole diagram

async function buildDiagram(proc, notes) {
  const level = await layoutLevel(proc, notes);
  const out = { shapes: new Map(), levels: [] };
  place(level, ORIGIN.x, ORIGIN.y, out, proc.id);

  const routes = new Map();
  const flowsById = new Map();
  const all = [ ...out.shapes.values() ];
  const domainAll = bbox(all);
  for (const { level: lv, parentId } of out.levels) {
    const ids = lv.nodes.map(n => n.id);
    const flows = lv.seqFlows.filter(f => f.sourceRef && f.targetRef && out.shapes.has(f.sourceRef.id) && out.shapes.has(f.targetRef.id));
    for (const f of flows) flowsById.set(f.id, f);
    let domain;
    if (parentId === proc.id) {
      domain = { x: domainAll.x - 60, y: domainAll.y - 60, width: domainAll.width + 120, height: domainAll.height + 120 };
    } else {
      const p = out.shapes.get(parentId);
      domain = { x: p.x + 6, y: p.y + 6, width: p.width - 12, height: p.height - 12 };
    }
    for (const [ id, wps ] of routeLevel(out.shapes, ids, flows, domain, notes)) routes.set(id, wps);
  }
  const labels = placeLabels(out.shapes, routes, flowsById);
  return { shapes: out.shapes, routes, labels, flowsById };
}

// ---------------------------------------------------------------------------------------------
// writing: splice a new BPMNDiagram into the original text

function rootTag(text) {
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(([\w.-]+):)?definitions\b[^>]*>/g;
  let m;
  while ((m = re.exec(text))) {
    if (m[0].startsWith('<!--') || m[0].startsWith('<?') || m[0].startsWith('<!')) continue;
    return { start: m.index, end: m.index + m[0].length, tag: m[0], prefix: m[2] || '' };
  }
  throw new Error('no <definitions> element found');
}

function namespaces(tag) {
  const map = new Map(); // uri -> prefix ('' = default)
  const re = /xmlns(?::([\w.-]+))?\s*=\s*(["'])(.*?)\2/g;
  let m;
  while ((m = re.exec(tag))) {
    if (!map.has(m[3])) map.set(m[3], m[1] || '');
  }
  return map;
}

function serialiseDiagram(proc, diagram, prefixes, indentUnit, base, usedIds) {
  const { bpmndi, dc, di } = prefixes;
  const q = p => (p ? p + ':' : '');
  const uniq = wanted => {
    let id = wanted, k = 2;
    while (usedIds.has(id)) id = `${wanted}_${k++}`;
    usedIds.add(id);
    return id;
  };
  const ind = n => base + indentUnit.repeat(n);
  const num = v => String(Math.round(v));
  const bounds = (r, n) => `${ind(n)}<${q(dc)}Bounds x="${num(r.x)}" y="${num(r.y)}" width="${num(r.width)}" height="${num(r.height)}" />`;

  const lines = [];
  lines.push(`${ind(0)}<${q(bpmndi)}BPMNDiagram id="${uniq('BPMNDiagram_' + proc.id)}">`);
  lines.push(`${ind(1)}<${q(bpmndi)}BPMNPlane id="${uniq('BPMNPlane_' + proc.id)}" bpmnElement="${xmlEscape(proc.id)}">`);

  // containers before their content, hosts before their boundary events
  const shapes = [ ...diagram.shapes.entries() ];
  const depth = id => {
    let d = 0;
    for (let s = diagram.shapes.get(id); s && diagram.shapes.has(s.parent); s = diagram.shapes.get(s.parent)) d++;
    return d;
  };
  shapes.sort((a, b) => (isBoundary(a[1].el) - isBoundary(b[1].el)) || (depth(a[0]) - depth(b[0])));

  for (const [ id, s ] of shapes) {
    const attrs = [ `id="${uniq(id + '_di')}"`, `bpmnElement="${xmlEscape(id)}"` ];
    if (is(s.el, 'bpmn:SubProcess')) attrs.push('isExpanded="true"');
    if (is(s.el, 'bpmn:ExclusiveGateway')) attrs.push('isMarkerVisible="true"');
    lines.push(`${ind(2)}<${q(bpmndi)}BPMNShape ${attrs.join(' ')}>`);
    lines.push(bounds(s, 3));
    const label = diagram.labels.get(id);
    if (label) {
      lines.push(`${ind(3)}<${q(bpmndi)}BPMNLabel>`);
      lines.push(bounds(label, 4));
      lines.push(`${ind(3)}</${q(bpmndi)}BPMNLabel>`);
    }
    lines.push(`${ind(2)}</${q(bpmndi)}BPMNShape>`);
  }
  for (const [ id, wps ] of diagram.routes) {
    lines.push(`${ind(2)}<${q(bpmndi)}BPMNEdge id="${uniq(id + '_di')}" bpmnElement="${xmlEscape(id)}">`);
    for (const p of wps) lines.push(`${ind(3)}<${q(di)}waypoint x="${num(p.x)}" y="${num(p.y)}" />`);
    const label = diagram.labels.get(id);
    if (label) {
      lines.push(`${ind(3)}<${q(bpmndi)}BPMNLabel>`);
      lines.push(bounds(label, 4));
      lines.push(`${ind(3)}</${q(bpmndi)}BPMNLabel>`);
    }
    lines.push(`${ind(2)}</${q(bpmndi)}BPMNEdge>`);
  }
  lines.push(`${ind(1)}</${q(bpmndi)}BPMNPlane>`);
  lines.push(`${ind(0)}</${q(bpmndi)}BPMNDiagram>`);
  return lines.join('\n');
}

function splice(text, proc, diagram) {
  const root = rootTag(text);
  const ns = namespaces(root.tag);
  const declared = new Set([ ...ns.values() ]);
  const newDecls = [];
  const prefixFor = (uri, wanted) => {
    if (ns.has(uri) && ns.get(uri) !== '') return ns.get(uri);
    let p = wanted, k = 2;
    while (declared.has(p)) p = `${wanted}${k++}`;
    declared.add(p);
    newDecls.push(`xmlns:${p}="${uri}"`);
    return p;
  };
  const prefixes = { bpmndi: prefixFor(NS_BPMNDI, 'bpmndi'), dc: prefixFor(NS_DC, 'dc'), di: prefixFor(NS_DI, 'di') };

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const afterRoot = text.slice(root.end);
  const indentMatch = /\r?\n([ \t]+)</.exec(afterRoot);
  const indentUnit = indentMatch ? indentMatch[1] : '  ';

  // remove existing (incomplete) diagrams, with the indentation and line break before them
  let body = afterRoot.replace(/(\r?\n)?[ \t]*<([\w.-]+:)?BPMNDiagram\b[\s\S]*?<\/\2?BPMNDiagram\s*>/g, '');

  const close = `</${root.prefix ? root.prefix + ':' : ''}definitions>`;
  const closeAt = body.lastIndexOf(close);
  if (closeAt < 0) throw new Error(`no ${close} found`);

  const usedIds = new Set([ ...text.matchAll(/\bid\s*=\s*["']([^"']+)["']/g) ].map(m => m[1]));
  const xml = serialiseDiagram(proc, diagram, prefixes, indentUnit, indentUnit, usedIds).replace(/\n/g, eol);

  // the diagram goes right before </definitions>, on its own lines
  const before = body.slice(0, closeAt).replace(/[ \t]*$/, '');
  const head = before.endsWith('\n') ? before : before + eol;
  body = head + xml + eol + body.slice(closeAt);

  let tag = root.tag;
  if (newDecls.length) {
    const insertAt = tag.endsWith('/>') ? tag.length - 2 : tag.length - 1;
    tag = tag.slice(0, insertAt) + ' ' + newDecls.join(' ') + tag.slice(insertAt);
  }
  return text.slice(0, root.start) + tag + body;
}

// ---------------------------------------------------------------------------------------------

async function processFile(file, checkOnly) {
  const text = fs.readFileSync(file, 'utf8');
  const { rootElement: definitions, warnings } = await moddle.fromXML(text);
  if (warnings.length) {
    throw new Error(`cannot read it cleanly:\n    ${warnings.map(w => w.message).join('\n    ')}`);
  }

  const missing = missingDi(definitions);
  if (missing.hasDiagram && !missing.nodes.length && !missing.flows.length) {
    console.log(`layout: ${file}: diagram complete, untouched`);
    return false;
  }
  const why = !missing.hasDiagram ? 'no diagram'
    : `diagram lacks ${[ ...missing.nodes, ...missing.flows ].join(', ')}`;

  if (checkOnly) {
    console.log(`layout: ${file}: needs a diagram (${why})`);
    return true;
  }

  const roots = definitions.rootElements || [];
  if (roots.some(r => is(r, 'bpmn:Collaboration'))) {
    throw new Error('has a collaboration (pools/lanes), which bpmn-auto-layout cannot lay out: draw it in Camunda Modeler');
  }
  const processes = roots.filter(r => is(r, 'bpmn:Process'));
  if (processes.length !== 1) {
    throw new Error(`has ${processes.length} processes; only files with exactly one process are laid out`);
  }
  const proc = processes[0];

  const notes = [];
  const diagram = await buildDiagram(proc, notes);
  const result = splice(text, proc, diagram);

  // verify before writing
  const check = await moddle.fromXML(result);
  if (check.warnings.length) {
    throw new Error(`generated XML does not read back cleanly (nothing written):\n    ${check.warnings.map(w => w.message).join('\n    ')}`);
  }
  const after = missingDi(check.rootElement);
  if (!after.hasDiagram || after.nodes.length || after.flows.length) {
    throw new Error(`generated diagram still lacks ${[ ...after.nodes, ...after.flows ].join(', ')} (nothing written)`);
  }

  fs.writeFileSync(file, result);
  console.log(`layout: ${file}: ${why}: wrote a diagram with ${diagram.shapes.size} shapes and ${diagram.routes.size} edges`);
  for (const n of notes) console.log(`layout:   note: ${n}`);
  return true;
}

const args = process.argv.slice(2);
const checkOnly = args.includes('--check');
const files = args.filter(a => a !== '--check');
if (!files.length || files.some(f => f.startsWith('-'))) {
  console.error('usage: node .ci/bpmn/layout.mjs [--check] FILE.bpmn [...]');
  process.exit(2);
}

let failed = 0;
let needed = 0;
for (const file of files) {
  try {
    if (await processFile(file, checkOnly)) needed++;
  } catch (err) {
    failed++;
    console.error(`layout: ${file}: ${err.message}`);
  }
}
process.exit(failed || (checkOnly && needed) ? 1 : 0);
