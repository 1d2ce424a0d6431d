import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n/i18n';
import './styles.css';
import { App } from './App';
import { readFirstScreen } from './first-screen';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
readFirstScreen();
await i18nReady;
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
