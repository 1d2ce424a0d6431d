/**
 * Text a terminal shows as it is (issue 13, hole 6). Certificates are written
 * by strangers: a subject or name carrying ESC sequences (OSC window titles,
 * screen clears), 8-bit C1 controls (0x9B is CSI to many terminals) or bidi
 * overrides could rewrite what the administrator reads. Each such character is
 * shown as a visible escape instead: `\x1B`, `\x9B`, `\u{202E}`.
 */

/** Bidi marks, embeddings, overrides and isolates: they reorder the text around them. */
const BIDI = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

function actsOnTerminal(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || BIDI.has(code);
}

function visible(code: number): string {
  return code <= 0xff
    ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
    : `\\u{${code.toString(16).toUpperCase().padStart(4, '0')}}`;
}

function escapeExcept(text: string, kept: (code: number) => boolean): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    out += actsOnTerminal(code) && !kept(code) ? visible(code) : char;
  }
  return out;
}

/**
 * One value inside a line (a subject, a name, an error message): nothing in
 * it may act on the terminal, not even TAB or LF, which would break the layout
 * or fake a line of their own.
 */
export function terminalField(text: string): string {
  return escapeExcept(text, () => false);
}

/**
 * A whole block of human output: the same, except the line feeds that lay it
 * out. The CLI passes everything it prints through this, so a command that
 * forgets terminalField still cannot let a control character through.
 */
export function terminalBlock(text: string): string {
  return escapeExcept(text, (code) => code === 0x0a);
}
