import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdentityView } from '../../app/identity';
import { followIdentity, useIdentity } from '../stores/identity';
import { useIdentityFlow } from '../stores/identityFlow';
import { useNavigation } from '../stores/navigation';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { FocusHeading } from '../components/FocusHeading';
import { IdentityEnroll } from '../components/identity/IdentityEnroll';
import { IdentityFacts } from '../components/identity/IdentityFacts';
import { IdentityImport } from '../components/identity/IdentityImport';
import { IdentityRenew } from '../components/identity/IdentityRenew';
import '../components/identity/identity.css';

/** A request under way: a second one would race it in main. */
const UNDER_WAY = new Set<IdentityView['state']>(['enrolling', 'pending', 'renewing']);

function Actions({ view }: { view: IdentityView }) {
  const { t } = useTranslation();
  const busy = useIdentityFlow((s) => s.busy);
  const go = useIdentityFlow((s) => s.go);
  const ask = useIdentityFlow((s) => s.ask);
  const underWay = UNDER_WAY.has(view.state);
  // Back from a flow (cancelled or done) the flow's fields are gone, and focus with them: the screen's heading takes it.
  useEffect(() => {
    if (document.activeElement === document.body) document.getElementById('identity-heading')?.focus();
  }, []);
  // Renewal goes to the SCEP server the identity came from (an imported file has none), signed with the
  // current key: an expired one can no longer sign, so it is enrolled again instead.
  const renewable = view.certificate !== null && view.source === 'scep' && view.state !== 'expired';
  const changeable = view.managedBy === null;
  return (
    <div className="actions identity-actions">
      {renewable ? (
        <button type="button" className="button" onClick={() => go('renew')} disabled={busy !== null || underWay}>
          {t('identity.renew')}
        </button>
      ) : null}
      {changeable ? (
        <>
          <button type="button" className={renewable ? 'button secondary' : 'button'} onClick={() => go('enroll')} disabled={busy !== null || underWay}>
            {t('identity.enroll')}
          </button>
          <button type="button" className="button secondary" onClick={() => go('import')} disabled={busy !== null || underWay}>
            {t('identity.import')}
          </button>
          {view.certificate ? (
            <button type="button" className="button danger" onClick={() => ask('remove')} disabled={busy !== null}>
              {busy === 'remove' ? t('identity.removing') : t('identity.remove')}
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function RemoveConfirmation() {
  const { t } = useTranslation();
  const confirming = useIdentityFlow((s) => s.confirming);
  const busy = useIdentityFlow((s) => s.busy);
  const close = useIdentityFlow((s) => s.closeConfirm);
  const remove = useIdentityFlow((s) => s.remove);
  return (
    <ConfirmDialog
      open={confirming === 'remove'}
      title={t('identity.removeTitle')}
      confirmLabel={busy === 'remove' ? t('identity.removing') : t('identity.remove')}
      busy={busy !== null}
      onConfirm={() => void remove()}
      onClose={close}
    >
      <p>{t('identity.removeBody')}</p>
    </ConfirmDialog>
  );
}

/** Issue 17: this device's own certificate — what it is, when it is renewed, and the ways to get or drop one. */
export function IdentityScreen() {
  const { t } = useTranslation();
  const view = useIdentity((s) => s.view);
  const loadError = useIdentity((s) => s.error);
  const load = useIdentity((s) => s.load);
  const step = useIdentityFlow((s) => s.step);
  const error = useIdentityFlow((s) => s.error);
  const done = useIdentityFlow((s) => s.done);
  const go = useIdentityFlow((s) => s.go);
  const back = useNavigation((s) => s.back);

  // Fresh on arrival: what another process changed since is shown, and no half-typed challenge survives a visit;
  // then re-read on each identityChanged (the background's renewal or policy enrollment, the CLI).
  useEffect(() => {
    go('actions');
    void load();
    followIdentity();
  }, [go, load]);

  return (
    <section aria-labelledby="identity-heading" className="screen identity-screen">
      <div className="screen-heading">
        <button type="button" className="button secondary back" onClick={back}>
          <span aria-hidden="true">←</span> {t('common.back')}
        </button>
        <div>
          <FocusHeading id="identity-heading" level={2}>
            {t('identity.title')}
          </FocusHeading>
          <p className="muted">{t('identity.description')}</p>
        </div>
      </div>
      {view ? (
        <>
          {view.managedBy ? <p className="identity-managed">{t('identity.managed', { admin: view.managedBy })}</p> : null}
          {view.state !== 'valid' ? <p className={view.state === 'expired' ? 'warning-expired' : undefined}>{t(`identity.explain.${view.state}`)}</p> : null}
          <div className="panel">
            <IdentityFacts view={view} />
          </div>
          <p role="status" className="identity-done">
            {done ? t(`identity.done.${done}`) : null}
          </p>
          {step === 'enroll' ? <IdentityEnroll /> : step === 'import' ? <IdentityImport /> : step === 'renew' ? <IdentityRenew view={view} /> : <Actions view={view} />}
          <RemoveConfirmation />
        </>
      ) : (
        <ErrorMessage error={loadError} />
      )}
      <ErrorMessage error={error} id="identity-error" />
    </section>
  );
}
