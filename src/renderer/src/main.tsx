/** Renderer entry point: start following the hash route and mount the React app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './stores/connection';
import { startRouter } from './stores/router';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

startRouter();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
