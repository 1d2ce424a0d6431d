import { useTranslation } from 'react-i18next';
import type { MediaFile } from '../../app/schemas';
import { formatDateTime } from '../i18n/format';

/**
 * The certificate files main found on removable media, as radio choices (the
 * renderer never reads the file system itself). Add and Check a certificate
 * file and the identity's PKCS#12 import show the same list; each keeps its own
 * selection in its own store, and names what kind of file it lists.
 */
export function MediaFileChoices({
  files,
  searched,
  selectedPath,
  onSelect,
  name,
  label,
}: {
  files: readonly MediaFile[] | null;
  searched: readonly string[];
  selectedPath: string | null;
  onSelect: (path: string) => void;
  /** The radio group's name: one per screen. */
  name: string;
  /** What the list holds, said as its legend; certificate files unless a screen lists another kind. */
  label?: string;
}) {
  const { t, i18n } = useTranslation();
  if (files === null) return <p role="status">{t('home.loading')}</p>;
  if (files.length === 0) {
    return (
      <div role="status">
        <p>{t('add.file.none')}</p>
        {searched.length > 0 ? <p className="muted">{t('add.file.searched', { folders: searched.join(', ') })}</p> : null}
      </div>
    );
  }
  return (
    <fieldset className="choices">
      <legend>{label ?? t('add.file.choose')}</legend>
      {files.map((file) => (
        <label key={file.path} className="choice">
          <input type="radio" name={name} value={file.path} checked={selectedPath === file.path} onChange={() => onSelect(file.path)} />
          <span>
            <span className="choice-title">{file.name}</span>
            <span className="muted">
              {t('add.file.meta', { size: new Intl.NumberFormat(i18n.language).format(file.size), date: formatDateTime(file.modifiedAt, i18n.language) })}
            </span>
            <span className="muted wrap">{file.path}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
