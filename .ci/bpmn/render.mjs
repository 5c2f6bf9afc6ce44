#!/usr/bin/env node
// Render a BPMN diagram to PNG (and optionally SVG) with bpmn-js in headless Chromium.
//
//   node .ci/bpmn/render.mjs IN.bpmn OUT.png [OUT.svg]
//
// bpmn-js and its CSS are loaded from this folder's node_modules (no network). Chromium is
// Debian's /usr/bin/chromium (override with $CHROMIUM). Exit code 1 with a message on stderr
// if the file cannot be read, bpmn-js reports an import error or ANY import warning, or the
// page throws.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BPMN_JS = path.join(HERE, 'node_modules', 'bpmn-js', 'dist');

const MARGIN = 30;          // CSS px of white space around the diagram
const MAX_DEVICE_PX = 16000; // Chromium cannot capture much larger bitmaps
const PREFERRED_SCALE = 2;  // deviceScaleFactor: sharp labels

function fail(message) {
  console.error(`render: ${message}`);
  process.exit(1);
}

const [ inFile, pngFile, svgFile ] = process.argv.slice(2);
if (!inFile || !pngFile || process.argv.length > 5) {
  console.error('usage: node .ci/bpmn/render.mjs IN.bpmn OUT.png [OUT.svg]');
  process.exit(2);
}

let xml;
try {
  xml = fs.readFileSync(inFile, 'utf8');
} catch (err) {
  fail(`cannot read ${inFile}: ${err.message}`);
}

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  fail(`${executablePath} not found; install Debian's browser: apt-get update && apt-get install -y chromium`);
}

// Chinese/Japanese/Korean names need a CJK font, else Chromium draws empty boxes: warn only
if (/[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(xml)) {
  let cjkFonts = '';
  try {
    cjkFonts = execFileSync('fc-list', [ ':lang=zh', 'family' ], { encoding: 'utf8' }).trim();
  } catch (err) { /* no fontconfig: cannot tell */ cjkFonts = 'unknown'; }
  if (!cjkFonts) {
    console.error('render: warning: the diagram has CJK text but no CJK font is installed; ' +
      'labels will show as boxes (apt-get install -y fonts-wqy-microhei)');
  }
}

for (const f of [ 'bpmn-navigated-viewer.production.min.js', 'assets/diagram-js.css', 'assets/bpmn-js.css' ]) {
  if (!fs.existsSync(path.join(BPMN_JS, f))) {
    fail(`${path.join(BPMN_JS, f)} missing; run: npm ci --prefix ${HERE}`);
  }
}

// A page on disk so that the viewer and its CSS load as file:// URLs from node_modules.
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpmn-render-'));
const asset = f => pathToFileURL(path.join(BPMN_JS, f)).href;
const pagePath = path.join(tmpDir, 'render.html');
fs.writeFileSync(pagePath, `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="${asset('assets/diagram-js.css')}">
<link rel="stylesheet" href="${asset('assets/bpmn-js.css')}">
<link rel="stylesheet" href="${asset('assets/bpmn-font/css/bpmn.css')}">
<style>
  html, body { margin: 0; padding: 0; background: #fff; overflow: hidden; }
  #canvas { position: absolute; left: 0; top: 0; width: 100vw; height: 100vh; background: #fff; }
  .djs-container { background: #fff !important; }
  .bjs-powered-by, .bjs-breadcrumbs { display: none !important; }
</style>
<script src="${asset('bpmn-navigated-viewer.production.min.js')}"></script>
</head><body><div id="canvas"></div></body></html>`);

const NETWORK_GUARD = route => {
  // nothing but our own files may be loaded
  const url = route.request().url();
  return url.startsWith('file://') || url.startsWith('data:') ? route.continue() : route.abort();
};

// Open the page in a fresh context, import the XML, return what importXML reported.
async function openDiagram(browser, contextOptions, pageErrors) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  page.on('pageerror', err => pageErrors.push(err.message));
  await page.route('**/*', NETWORK_GUARD);
  await page.goto(pathToFileURL(pagePath).href);
  const result = await page.evaluate(async (diagramXml) => {
    if (typeof window.BpmnJS !== 'function') {
      return { error: 'bpmn-js did not load' };
    }
    const viewer = new window.BpmnJS({ container: '#canvas' });
    window.viewer = viewer;
    try {
      const { warnings } = await viewer.importXML(diagramXml);
      if (warnings && warnings.length) {
        return { warnings: warnings.map(w => w.message || String(w)) };
      }
    } catch (err) {
      return {
        error: err.message || String(err),
        warnings: (err.warnings || []).map(w => w.message || String(w))
      };
    }
    const inner = viewer.get('canvas').viewbox().inner;
    return { inner: { x: inner.x, y: inner.y, width: inner.width, height: inner.height } };
  }, xml);
  return { context, page, result };
}

let browser;
let exitCode = 0;

try {
  // launch() gives Chromium a fresh temporary --user-data-dir and removes it on close
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--allow-file-access-from-files'
    ]
  });

  const pageErrors = [];

  // 1. import at scale 1 to check the XML and measure the diagram
  const first = await openDiagram(browser, { viewport: { width: 1600, height: 1000 } }, pageErrors);
  const { result } = first;
  if (result.error || (result.warnings && result.warnings.length)) {
    const lines = [];
    if (result.error) lines.push(`import error: ${result.error}`);
    for (const w of result.warnings || []) lines.push(`import warning: ${w}`);
    throw new Error(`${inFile}\n  ${lines.join('\n  ')}`);
  }
  await first.context.close();

  const { inner } = result;
  if (!inner || !(inner.width > 0) || !(inner.height > 0)) {
    throw new Error(`${inFile}: the diagram is empty (no shapes to render)`);
  }

  // 2. re-import in a viewport of exactly the diagram's size plus margins, at high resolution
  const width = Math.ceil(inner.width + 2 * MARGIN);
  const height = Math.ceil(inner.height + 2 * MARGIN);
  const scale = Math.max(0.5, Math.min(PREFERRED_SCALE, MAX_DEVICE_PX / width, MAX_DEVICE_PX / height));
  const second = await openDiagram(browser, { viewport: { width, height }, deviceScaleFactor: scale }, pageErrors);
  if (second.result.error || second.result.warnings) {
    throw new Error(`${inFile}: second import failed: ${second.result.error || second.result.warnings.join('; ')}`);
  }

  const svg = await second.page.evaluate(async ({ margin, width, height }) => {
    const viewer = window.viewer;
    const canvas = viewer.get('canvas');
    const inner = canvas.viewbox().inner;
    canvas.viewbox({ x: inner.x - margin, y: inner.y - margin, width, height });
    const { svg } = await viewer.saveSVG();
    // let the browser paint the new viewbox
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return svg;
  }, { margin: MARGIN, width, height });

  if (pageErrors.length) {
    throw new Error(`${inFile}: page errors:\n  ${pageErrors.join('\n  ')}`);
  }

  await second.page.screenshot({ path: pngFile, clip: { x: 0, y: 0, width, height }, type: 'png' });

  if (svgFile) {
    fs.writeFileSync(svgFile, svg);
  }

  console.log(`render: ${inFile} -> ${pngFile} (${Math.round(width * scale)}x${Math.round(height * scale)} px)` +
    (svgFile ? ` + ${svgFile}` : ''));
} catch (err) {
  console.error(`render: ${err.message}`);
  exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  fs.rmSync(tmpDir, { recursive: true, force: true });
}

process.exit(exitCode);
