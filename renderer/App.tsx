import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './components/LanguageSwitch';
import { HomeScreen } from './screens/HomeScreen';
import { PurposeScreen } from './screens/PurposeScreen';
import { useNavigation } from './stores/navigation';
import { followStatus } from './stores/status';

export function App() {
  const { t } = useTranslation();
  const screen = useNavigation((s) => s.screen);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => followStatus(), []);
  // Moving focus to the new screen's content tells keyboard and screen-reader users the screen changed.
  useEffect(() => {
    mainRef.current?.focus();
  }, [screen]);

  return (
    <div className="app">
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div>
          <h1>{t('app.title')}</h1>
          <p className="subtitle">{t('app.subtitle')}</p>
        </div>
        <LanguageSwitch />
      </header>
      <main id="content" ref={mainRef} tabIndex={-1}>
        {screen.name === 'home' ? <HomeScreen /> : <PurposeScreen purpose={screen.purpose} />}
      </main>
    </div>
  );
}
