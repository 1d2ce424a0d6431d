import { ThinCertError } from '../../errors';
import { parseCertificates } from '../parse';

/** The error parseCertificates refuses `bytes` with; a test fails when they are accepted or it throws anything else. */
export function parseRefusal(bytes: Buffer): ThinCertError {
  try {
    parseCertificates(bytes);
  } catch (error) {
    if (error instanceof ThinCertError) return error;
    throw error;
  }
  throw new Error('the bytes were accepted');
}
