import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../app/purposes';
import type { SettingsView } from '../../app/schemas';
import { api } from '../bridge/api';

/** Issue 16 §3: what may make a server of this purpose trusted, and whether the policy decided it. */
export function TrustLevelNote({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<SettingsView | null>(null);

  useEffect(() => {
    let current = true;
    void api.settings({}).then((result) => {
      if (current && result.ok) setSettings(result.value);
    });
    return () => {
      current = false;
    };
  }, [purpose]);

  const level = settings?.trustLevels?.[purpose];
  if (level === undefined) return null;
  const byPolicy = settings?.trustLevelsByPolicy?.includes(purpose) ?? false;
  return (
    <p className="muted" data-testid="trust-level">
      {t('trustLevel.label')}: {t(`trustLevel.${level}`)}
      {byPolicy ? ` (${t('trustLevel.byPolicy')})` : null}
    </p>
  );
}
