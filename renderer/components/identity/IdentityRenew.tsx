import { useTranslation } from 'react-i18next';
import type { IdentityView } from '../../../app/identity';
import { useIdentityFlow } from '../../stores/identityFlow';
import { FocusHeading } from '../FocusHeading';
import { TextField } from '../TextField';

/**
 * Renew now, confirmed on the screen rather than in a modal dialog: a CA that
 * checks the challenge on renewal too (Debian's scepserver does) needs it
 * typed, and the on-screen keyboard cannot reach into a modal dialog. Esc
 * cancels, as in a dialog.
 */
export function IdentityRenew({ view }: { view: IdentityView }) {
  const { t } = useTranslation();
  const flow = useIdentityFlow();
  const busy = flow.busy !== null;
  const submit = () => void flow.renew();
  return (
    <section
      className="panel stack"
      aria-labelledby="identity-renew-heading"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) {
          e.preventDefault();
          flow.go('actions');
        }
      }}
    >
      <FocusHeading id="identity-renew-heading">{t('identity.renewTitle')}</FocusHeading>
      <p>{t('identity.renewBody', { server: view.scepUrl ?? '' })}</p>
      {/* A policy's identity brings its own challenge: the operator is not asked for one. */}
      {view.managedBy === null ? (
        <TextField
          label={t('identity.renewChallenge')}
          hint={t('identity.renewChallengeHint')}
          value={flow.challenge}
          onChange={(value) => flow.set('challenge', value)}
          onSubmit={submit}
          errorId="identity-error"
          secret
        />
      ) : null}
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => flow.go('actions')} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button" onClick={submit} disabled={busy} aria-describedby="identity-error">
          {flow.busy === 'renew' ? t('identity.renewing') : t('identity.renew')}
        </button>
      </div>
    </section>
  );
}
