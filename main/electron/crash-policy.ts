/**
 * What to do when the renderer dies or hangs (issue 9): reload it, but after
 * three failures within a minute show a built-in error page with Retry instead
 * of reloading in a loop.
 */
export const MAX_FAILURES = 3;
export const WINDOW_MS = 60_000;

export class CrashPolicy {
  private failures: number[] = [];

  /** Records a failure at `nowMs`; answers whether to reload or show the error page. */
  onFailure(nowMs: number): 'reload' | 'error-page' {
    this.failures = this.failures.filter((at) => nowMs - at < WINDOW_MS);
    this.failures.push(nowMs);
    return this.failures.length >= MAX_FAILURES ? 'error-page' : 'reload';
  }

  /** The operator pressed Retry on the error page. */
  reset(): void {
    this.failures = [];
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
