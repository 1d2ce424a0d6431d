import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../app/purposes';
import { useAddFlow, type AddMethod } from '../stores/addFlow';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScreenHeading } from '../components/ScreenHeading';
import { FileSource } from '../components/add/FileSource';
import { PasteSource } from '../components/add/PasteSource';
import { ServerSource } from '../components/add/ServerSource';
import { AddPreview } from '../components/add/AddPreview';
import { AddDone } from '../components/add/AddDone';

const METHODS: AddMethod[] = ['file', 'paste', 'server'];

/** Add a certificate three ways; each ends in a preview and an explicit confirm, so nothing is half-added. */
export function AddScreen({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const start = useAddFlow((s) => s.start);
  const flowPurpose = useAddFlow((s) => s.purpose);
  const method = useAddFlow((s) => s.method);
  const setMethod = useAddFlow((s) => s.setMethod);
  const pending = useAddFlow((s) => s.pending);
  const added = useAddFlow((s) => s.added);
  const error = useAddFlow((s) => s.error);

  useEffect(() => {
    start(purpose);
  }, [start, purpose]);

  const title = t('add.title', { purpose: t(`purpose.${purpose}.title`) });
  const ready = flowPurpose === purpose;
  return (
    <section aria-labelledby="add-heading" className="screen">
      <ScreenHeading id="add-heading" title={title} />
      {ready && added ? (
        <AddDone purpose={purpose} added={added.added} alreadyPresent={added.alreadyPresent} onAnother={() => start(purpose)} />
      ) : ready ? (
        <>
          <div role="group" aria-label={t('add.methodLabel')} className="segmented methods">
            {METHODS.map((m) => (
              <button key={m} type="button" aria-pressed={method === m} onClick={() => setMethod(m)}>
                {t(`add.method.${m}`)}
              </button>
            ))}
          </div>
          {pending ? (
            <AddPreview pending={pending} />
          ) : method === 'file' ? (
            <FileSource />
          ) : method === 'paste' ? (
            <PasteSource />
          ) : (
            <ServerSource />
          )}
          <ErrorMessage error={error} id="add-error" />
        </>
      ) : null}
    </section>
  );
}
