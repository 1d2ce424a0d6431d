/**
 * Issue 17: the identity as `status` carries it — `{ state, notAfter }`, null
 * without one — taken from the identity capability's own view, so `status`,
 * the home screen and `identity show` never disagree about "expired".
 */
import type { IdentityView } from '../../app/identity';
import type { Status } from '../../app/schemas';

export type StatusIdentity = NonNullable<Status['identity']>;

export async function statusIdentity(show: () => Promise<IdentityView>): Promise<StatusIdentity | null> {
  const view = await show();
  if (view.state === 'none' && view.certificate === null) return null;
  return { state: view.state, notAfter: view.certificate?.notAfter ?? null };
}
