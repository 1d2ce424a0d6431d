/**
 * The renderer's rows of `npm run bench` (issues 8 and 14): what the page
 * loads at start, the first paint of a 1,000-certificate list, and the web
 * host's cold start to the home screen painted — the kiosk at boot. Shared
 * by bench.ts and bench/ui-rows.ts (the rows alone, for working on them).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { eachInTurn, timeProcess, timeRuns } from './measure';

export const CHROMIUM = process.env.THINCERT_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** The home screen's heading in English (renderer/i18n/en.ts home.heading). */
const HOME_HEADING = 'Certificates';

/** The JavaScript index.html loads before anything runs (its entry and every modulepreload), and all chunks, in kB gzip. */
export function rendererSize(root: string): { atStart: number; all: number; chunks: number } {
  const rendererDir = path.join(root, 'out', 'renderer');
  const assets = path.join(rendererDir, 'assets');
  const gzipKb = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length, 0) / 1000;
  const html = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const atStart = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1] as string);
  const all = readdirSync(assets).filter((f) => f.endsWith('.js'));
  return { atStart: gzipKb(atStart), all: gzipKb(all), chunks: all.length };
}

/** The little of the page's DOM these checks use (this project's Node typecheck has no DOM types). */
interface PageGlobals {
  document: {
    querySelectorAll(selector: string): Iterable<{ textContent: string | null; getClientRects(): { length: number } }>;
    body: { innerText: string } | null;
  };
}

/**
 * Resolves in the animation frame that paints `text` (checked in the page
 * before every frame's paint). Playwright's locator waits retry at 0, 20, 50, 100,
 * 100 and then every 500 ms: a screen painted 300 ms after the load was
 * counted as painted at the next retry, up to 500 ms later, so the rows
 * measured the retry schedule as much as the page (issue 14). Both sides of
 * a row wait through this.
 */
async function paintedText(page: Page, text: string, options: { heading?: boolean } = {}): Promise<void> {
  await page.waitForFunction(
    ({ wanted, heading }) => {
      const { document } = globalThis as unknown as PageGlobals;
      if (heading) return [...document.querySelectorAll('h1, h2, h3')].some((h) => h.textContent?.trim() === wanted && h.getClientRects().length > 0);
      return document.body !== null && document.body.innerText.includes(wanted);
    },
    { wanted: text, heading: options.heading === true },
    { polling: 'raf' },
  );
  // No second frame is awaited: the check runs in the frame that paints the text, and a page busy
  // afterwards (a list reading its other 980 rows) would make that frame look later than it was.
}

interface WebHost {
  url: string;
  process: ChildProcessWithoutNullStreams;
}

/** The built web host, or another program that prints its address the same way (bench/floors/web.cjs). */
function startWebHost(root: string, dataDir: string, script = path.join(root, 'out', 'web', 'server.cjs')): Promise<WebHost> {
  const host = spawn(process.execPath, [script, '--port', '0', '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise<WebHost>((resolve, reject) => {
    let out = '';
    host.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (match) resolve({ url: match[0], process: host });
    });
    host.once('exit', () => reject(new Error(`web host exited: ${out}`)));
  });
}

async function stopWebHost(host: WebHost): Promise<void> {
  if (host.process.exitCode !== null) return;
  const exited = new Promise((resolve) => host.process.once('exit', resolve));
  host.process.kill('SIGTERM');
  await exited;
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** A one-line page in a fresh context of the same browser, until its text is visible. */
async function blankPage(browser: Browser): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 600 } });
  const page = await context.newPage();
  const start = performance.now();
  await page.goto('data:text/html,<p>ThinCert</p>');
  await paintedText(page, 'ThinCert');
  const elapsed = performance.now() - start;
  await context.close();
  return elapsed;
}

/** The list screen opened by its address until the first row is visible, and a one-line page; medians of `runs`. */
export async function firstPaint(root: string, dataDir: string, runs: number, rowText: string): Promise<{ app: number; blank: number }> {
  const host = await startWebHost(root, dataDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 600 } });
    const listUrl = `${host.url}#/purpose/rdp`;
    const app = await timeRuns(runs, async () => {
      await page.goto('about:blank');
      await page.goto(listUrl);
      await paintedText(page, rowText);
    });
    const blank = await timeRuns(runs, async () => {
      await page.goto('about:blank');
      await page.goto('data:text/html,<p>ThinCert</p>');
      await paintedText(page, 'ThinCert');
    });
    return { app, blank };
  } finally {
    await browser.close();
    await stopWebHost(host);
  }
}

/**
 * The kiosk at boot: the web host started as a process until the home screen
 * is painted in a fresh browser context (the browser itself already running),
 * against Node's own start plus a one-line page in the same browser. The same
 * is measured for the least any web host does (bench/floors/web.cjs: a Node
 * server answering with the heading alone), so the row's floor is in view.
 */
export async function coldStart(root: string, dataDir: string, runs: number): Promise<{ app: number; node: number; blank: number; floor: number }> {
  const browser = await launchChromium();
  const floorServer = path.join(root, 'bench', 'floors', 'web.cjs');
  try {
    const once = async (script?: string) => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 600 } });
      const page = await context.newPage();
      const start = performance.now();
      const host = await startWebHost(root, dataDir, script);
      try {
        await page.goto(host.url);
        await paintedText(page, HOME_HEADING, { heading: true });
        return performance.now() - start;
      } finally {
        await context.close();
        await stopWebHost(host);
      }
    };
    // Interleaved, so a busy moment of the machine weighs on every side alike.
    return await eachInTurn(runs, {
      app: () => once(),
      node: () => timeProcess(process.execPath, ['-e', '0']),
      blank: () => blankPage(browser),
      floor: () => once(floorServer),
    });
  } finally {
    await browser.close();
  }
}
