import type { ThinCertError } from '../../core/errors';

/** The ThinCertError a call was refused with; a call that succeeds fails the test. */
export async function refusal(promise: Promise<unknown>): Promise<ThinCertError> {
  try {
    await promise;
  } catch (error) {
    return error as ThinCertError;
  }
  throw new Error('expected a refusal');
}
