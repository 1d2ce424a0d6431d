import type { ErrorParams, ErrorShape } from '../../app/errors';

/**
 * A refusal or failure a person can act on. `code` is stable (scripts and the
 * renderer's translations key on it); `message` is short English for the CLI.
 */
export class ThinCertError extends Error {
  readonly code: string;
  readonly params: ErrorParams | undefined;
  /** CLI exit status this error maps to (CLI.md): 1 refused/failed, 3 untrusted, 4 locked/replacement. */
  readonly exitCode: 1 | 3 | 4;

  constructor(code: string, message: string, params?: ErrorParams, exitCode: 1 | 3 | 4 = 1) {
    super(message);
    this.name = 'ThinCertError';
    this.code = code;
    this.params = params;
    this.exitCode = exitCode;
  }

  toShape(): ErrorShape {
    return this.params === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, params: this.params };
  }
}

export function isThinCertError(error: unknown): error is ThinCertError {
  return error instanceof ThinCertError;
}
