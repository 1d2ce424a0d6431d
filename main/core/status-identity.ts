/**
 * Issue 17: the identity as `status` carries it — `{ state, notAfter }`, null
 * without one — taken from the identity capability's own view, so `status`,
 * the home screen and `identity show` never disagree about "expired".
 */
import type { IdentityView } from '../../app/identity';
import type { Status } from '../../app/schemas';
import { isThinCertError } from './errors';

export type StatusIdentity = NonNullable<Status['identity']>;

export async function statusIdentity(show: () => Promise<IdentityView>): Promise<StatusIdentity | null> {
  let view: IdentityView;
  try {
    view = await show();
  } catch (error) {
    // A build without the identity core has no identity to report; any other failure is status's to say.
    if (isThinCertError(error) && error.code === 'identity-unavailable') return null;
    throw error;
  }
  if (view.state === 'none' && view.certificate === null) return null;
  return { state: view.state, notAfter: view.certificate?.notAfter ?? null };
}

