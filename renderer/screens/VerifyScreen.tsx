import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../app/purposes';
import type { VerifyResult } from '../../app/verify-channels';
import { useVerifyFlow, type VerifySource } from '../stores/verifyFlow';
import { MediaFileChoices } from '../components/MediaFileChoices';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScreenHeading } from '../components/ScreenHeading';
import { TextField } from '../components/TextField';
import { JudgedChain, TrustVerdict } from '../components/TrustVerdict';

const SOURCES: VerifySource[] = ['file', 'paste'];

function Verdict({ result }: { result: VerifyResult }) {
  const { t } = useTranslation();
  const title = result.trusted
    ? t(result.by === 'pinned-leaf' ? 'verify.trustedPinned' : 'verify.trustedAnchor')
    : t('verify.untrusted');
  return (
    <TrustVerdict trusted={result.trusted} title={title} reasons={result.reasons} warnings={result.warnings}>
      <p className="muted">{result.nameChecked ? t('verify.nameChecked', { name: result.name }) : t('verify.nameNotChecked')}</p>
    </TrustVerdict>
  );
}

function FileChoice() {
  const files = useVerifyFlow((s) => s.mediaFiles);
  const searched = useVerifyFlow((s) => s.searched);
  const selectedPath = useVerifyFlow((s) => s.selectedPath);
  const selectPath = useVerifyFlow((s) => s.selectPath);
  const loadMediaFiles = useVerifyFlow((s) => s.loadMediaFiles);
  useEffect(() => {
    void loadMediaFiles();
  }, [loadMediaFiles]);
  return <MediaFileChoices files={files} searched={searched} selectedPath={selectedPath} onSelect={selectPath} name="verify-file" />;
}

/** "Check a certificate file" (issue 16): judges a chain no server presented, by the rules of Test connection; stores nothing. */
export function VerifyScreen({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const start = useVerifyFlow((s) => s.start);
  const source = useVerifyFlow((s) => s.source);
  const setSource = useVerifyFlow((s) => s.setSource);
  const pemText = useVerifyFlow((s) => s.pemText);
  const setPemText = useVerifyFlow((s) => s.setPemText);
  const name = useVerifyFlow((s) => s.name);
  const setName = useVerifyFlow((s) => s.setName);
  const busy = useVerifyFlow((s) => s.busy);
  const result = useVerifyFlow((s) => s.result);
  const error = useVerifyFlow((s) => s.error);
  const run = useVerifyFlow((s) => s.run);

  useEffect(() => {
    start(purpose);
  }, [start, purpose]);

  return (
    <section aria-labelledby="verify-heading" className="screen">
      <ScreenHeading id="verify-heading" title={t('verify.title', { purpose: t(`purpose.${purpose}.title`) })} description={t('verify.description')} />
      <div role="group" aria-label={t('verify.sourceLabel')} className="segmented methods">
        {SOURCES.map((s) => (
          <button key={s} type="button" aria-pressed={source === s} onClick={() => setSource(s)}>
            {t(`verify.source.${s}`)}
          </button>
        ))}
      </div>
      <div className="panel stack">
        {source === 'file' ? (
          <FileChoice />
        ) : (
          <TextField label={t('verify.pasteLabel')} hint={t('add.paste.hint')} value={pemText} onChange={setPemText} multiline errorId="verify-error" />
        )}
        <TextField label={t('verify.nameLabel')} hint={t('verify.nameHint')} value={name} onChange={setName} onSubmit={() => void run()} errorId="verify-error" />
        <div className="actions">
          <button type="button" className="button" disabled={busy} onClick={() => void run()}>
            {busy ? t('verify.running') : t('verify.run')}
          </button>
        </div>
      </div>
      <ErrorMessage error={error} id="verify-error" />
      <div aria-live="polite" aria-busy={busy} className="check-result">
        {result ? <Verdict result={result} /> : null}
      </div>
      {result ? <JudgedChain id="verify-chain-heading" title={t('verify.chain')} chain={result.chain} /> : null}
    </section>
  );
}
