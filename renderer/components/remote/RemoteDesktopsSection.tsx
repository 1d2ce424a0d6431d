import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemoteDesktop } from '../../../app/remote-desktop-channels';
import { followRemoteDesktops, useRemoteDesktops } from '../../stores/remoteDesktops';
import { ConfirmDialog } from '../ConfirmDialog';
import { ErrorMessage } from '../ErrorMessage';
import { ConnectDecision } from './ConnectDecision';
import { DesktopForm } from './DesktopForm';
import './remote-desktops.css';

function SessionNote() {
  const { t } = useTranslation();
  const session = useRemoteDesktops((s) => s.session);
  // Polite: the session's end is news, not an interruption.
  return (
    <p role="status" className="muted">
      {session
        ? session.ended
          ? session.ended.normal
            ? t('remote.session.ended', { name: session.name })
            : t('remote.session.failed', { name: session.name, words: session.ended.words })
          : t('remote.session.running', { name: session.name })
        : null}
    </p>
  );
}

/** Home's *Remote desktops* (issue 15): named servers with Connect; Add, Edit and Remove on an unmanaged device. */
export function RemoteDesktopsSection() {
  const { t } = useTranslation();
  const list = useRemoteDesktops((s) => s.list);
  const draft = useRemoteDesktops((s) => s.draft);
  const connecting = useRemoteDesktops((s) => s.connecting);
  const error = useRemoteDesktops((s) => s.error);
  const startAdd = useRemoteDesktops((s) => s.startAdd);
  const startEdit = useRemoteDesktops((s) => s.startEdit);
  const connect = useRemoteDesktops((s) => s.connect);
  const remove = useRemoteDesktops((s) => s.remove);
  const [removing, setRemoving] = useState<RemoteDesktop | null>(null);

  useEffect(() => followRemoteDesktops(), []);

  const editable = list !== null && !list.managed;
  return (
    <section aria-labelledby="remote-heading" className="remote-desktops">
      <h2 id="remote-heading">{t('remote.heading')}</h2>
      {list?.managed ? <p className="muted">{t('remote.managedList', { admin: list.adminContact?.name ?? t('remote.theAdministrator') })}</p> : null}
      {draft ? (
        <DesktopForm />
      ) : (
        <>
          {list === null ? (
            <p>{t('home.loading')}</p>
          ) : list.desktops.length === 0 ? (
            <p>{list.managed ? t('remote.noneManaged') : t('remote.none')}</p>
          ) : (
            <ul className="plain-list desktop-list">
              {list.desktops.map((desktop) => (
                <li key={desktop.id} className="desktop-row" data-desktop={desktop.name}>
                  <span className="desktop-name">
                    <span className="cert-subject">{desktop.name}</span>{' '}
                    <span className="muted">
                      {desktop.host.includes(':') ? `[${desktop.host}]` : desktop.host}:{desktop.port}
                    </span>
                  </span>
                  <span className="actions">
                    <button
                      type="button"
                      className="button"
                      onClick={() => void connect(desktop)}
                      // Not disabled while connecting: a disabled button drops focus, and the prompt must hand it back here.
                      aria-busy={connecting === desktop.id}
                      aria-label={t('remote.connectTo', { name: desktop.name })}
                    >
                      {connecting === desktop.id ? t('remote.connecting') : t('remote.connect')}
                    </button>
                    {editable ? (
                      <>
                        <button type="button" className="button secondary" onClick={() => startEdit(desktop)} aria-label={t('remote.editNamed', { name: desktop.name })}>
                          {t('remote.edit')}
                        </button>
                        <button type="button" className="button secondary" onClick={() => setRemoving(desktop)} aria-label={t('remote.removeNamed', { name: desktop.name })}>
                          {t('remote.remove')}
                        </button>
                      </>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {editable ? (
            <div className="actions">
              <button type="button" className="button" onClick={startAdd}>
                {t('remote.add')}
              </button>
            </div>
          ) : null}
        </>
      )}
      <SessionNote />
      <ErrorMessage error={error} id="remote-error" />
      <ConnectDecision />
      <ConfirmDialog
        open={removing !== null}
        title={t('remote.removeTitle', { name: removing?.name ?? '' })}
        confirmLabel={t('remote.remove')}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          const target = removing;
          setRemoving(null);
          if (target) void remove(target.id);
        }}
      >
        <p>{t('remote.removeExplain')}</p>
      </ConfirmDialog>
    </section>
  );
}
