/**
 * What to do when the renderer dies or hangs (issue 9): reload it, but after
 * three failures within a minute show a built-in error page with Retry instead
 * of reloading in a loop.
 */
export const MAX_FAILURES = 3;
export const WINDOW_MS = 60_000;

export class CrashPolicy {
  private failures: number[] = [];
  private showingErrorPage = false;

  /** Records a failure at `nowMs`; answers whether to reload or show the error page. */
  onFailure(nowMs: number): 'reload' | 'error-page' {
    this.failures = this.failures.filter((at) => nowMs - at < WINDOW_MS);
    this.failures.push(nowMs);
    if (this.failures.length < MAX_FAILURES) return 'reload';
    this.showingErrorPage = true;
    return 'error-page';
  }

  /**
   * The app page finished loading. After the error page (the operator pressed
   * Retry and it worked) the count starts over. Not after an ordinary reload:
   * a renderer that loads and then crashes again would otherwise reset the
   * count each time and reload forever — the loop this policy exists to stop;
   * the one-minute window already forgets old failures.
   */
  onAppPageLoaded(): void {
    if (this.showingErrorPage) this.reset();
  }

  /** Forget every failure. */
  reset(): void {
    this.failures = [];
    this.showingErrorPage = false;
  }
}

export function errorPageHtml(message: string): string {
  const safe = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ThinCert</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:20px system-ui,sans-serif;background:#10233b;color:#fff;display:grid;place-items:center;height:100vh;margin:0}
a{display:inline-block;min-width:160px;min-height:56px;line-height:56px;text-align:center;background:#fff;color:#10233b;border-radius:8px;text-decoration:none;font-weight:600}
a:focus{outline:4px solid #ffcc00;outline-offset:4px}</style></head>
<body><main><h1>ThinCert stopped responding</h1><p>${safe}</p><p><a href="app://thincert/index.html" autofocus>Retry</a></p></main></body></html>`;
}
