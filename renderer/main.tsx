// First: asks main for the first screen's data while React and the words below are still being evaluated.
import { firstScreenCode } from './first-screen-start';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n/i18n';
import './styles.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
await Promise.all([i18nReady, firstScreenCode]);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
