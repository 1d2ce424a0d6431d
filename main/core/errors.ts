import type { ErrorParams, ErrorShape } from '../../app/errors';
import type { ErrorCode, NeedsParams, ParamsOf } from '../../app/error-codes';

/** CLI exit status an error maps to (CLI.md): 1 refused/failed, 3 untrusted, 4 locked/replacement. */
export type ErrorExitCode = 1 | 3 | 4;

/** After code and message: the code's params (required when it has a parameter every refusal gives), then the exit status. */
type ErrorArgs<C extends ErrorCode> = C extends ErrorCode
  ? NeedsParams<C> extends true
    ? [params: ParamsOf<C>, exitCode?: ErrorExitCode]
    : [params?: ParamsOf<C>, exitCode?: ErrorExitCode]
  : never;

/**
 * A refusal or failure a person can act on. `code` is stable (scripts and the
 * renderer's translations key on it) and typed by app/error-codes.ts with its
 * params; `message` is short English for the CLI.
 */
export class ThinCertError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly params: ErrorParams | undefined;
  readonly exitCode: ErrorExitCode;

  constructor(code: C, message: string, ...[params, exitCode = 1]: ErrorArgs<C>) {
    super(message);
    this.name = 'ThinCertError';
    this.code = code;
    // Optional params are left out, never set to undefined, so they are plain wire values.
    this.params = params as ErrorParams | undefined;
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
