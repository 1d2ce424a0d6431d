/** Content types of the built renderer's files, for both hosts. */
const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export function mimeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return MIME[dot === -1 ? '' : file.slice(dot)] ?? 'application/octet-stream';
}
