import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './components/LanguageSwitch';
import { KeyboardHost } from './components/KeyboardHost';
import { HomeScreen } from './screens/HomeScreen';
import { loadedPurposeScreen, loadPurposeScreen } from './first-screen';
import { lazyScreen } from './lazy-screen';

// Screens away from the first paint are their own chunks (issues 8, 14: the JavaScript loaded at start stays small).
// The list uses no words of the screens' catalogue part: it renders as soon as its code is there.
const PurposeScreen = lazy(() => loadPurposeScreen().then((m) => ({ default: m.PurposeScreen })));
const DetailsScreen = lazyScreen(() => import('./screens/DetailsScreen').then((m) => m.DetailsScreen));
const AddScreen = lazyScreen(() => import('./screens/AddScreen').then((m) => m.AddScreen));
const CheckScreen = lazyScreen(() => import('./screens/CheckScreen').then((m) => m.CheckScreen));
const VerifyScreen = lazyScreen(() => import('./screens/VerifyScreen').then((m) => m.VerifyScreen));
const EnrollScreen = lazyScreen(() => import('./screens/EnrollScreen').then((m) => m.EnrollScreen));
const HistoryScreen = lazyScreen(() => import('./screens/HistoryScreen').then((m) => m.HistoryScreen));
const LogServerScreen = lazyScreen(() => import('./screens/LogServerScreen').then((m) => m.LogServerScreen));
const IdentityScreen = lazyScreen(() => import('./screens/IdentityScreen').then((m) => m.IdentityScreen));
import { ReplacementGate } from './components/replacement/ReplacementGate';
import { useNavigation, type Screen } from './stores/navigation';
import { followInputModality } from './stores/ui';

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'home':
      return <HomeScreen />;
    case 'purpose': {
      const Loaded = loadedPurposeScreen()?.PurposeScreen ?? PurposeScreen;
      return <Loaded purpose={screen.purpose} />;
    }
    case 'details':
      return <DetailsScreen fingerprint={screen.fingerprint} purpose={screen.purpose} />;
    case 'add':
      return <AddScreen purpose={screen.purpose} />;
    case 'check':
      return <CheckScreen purpose={screen.purpose} />;
    case 'verify':
      return <VerifyScreen purpose={screen.purpose} />;
    case 'enroll':
      return <EnrollScreen />;
    case 'history':
      return <HistoryScreen />;
    case 'logServer':
      return <LogServerScreen />;
    case 'identity':
      return <IdentityScreen />;
  }
}

export function App() {
  const { t } = useTranslation();
  const screen = useNavigation((s) => s.screen);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => followInputModality(), []);
  // Moving focus to the new screen's content tells keyboard and screen-reader users the screen changed;
  // a screen that already focused its own heading (FocusHeading) keeps it: that says more.
  useEffect(() => {
    if (!mainRef.current?.contains(document.activeElement)) mainRef.current?.focus();
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
        <Suspense fallback={null}>
          <CurrentScreen screen={screen} />
        </Suspense>
      </main>
      <KeyboardHost />
      <ReplacementGate />
    </div>
  );
}
