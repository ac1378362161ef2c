/** Entry: the first requests, theme before first paint, styles, then the app. */
import './lib/earlyRequests';
import './zodWithoutEval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyTheme } from './hooks/useTheme';
import { registerServiceWorker } from './lib/serviceWorker';
import './styles/tokens.css';
import './styles/controls.css';
import './styles/layout.css';
import './styles/auth.css';
import './styles/toolbar.css';
import './styles/board.css';
import './styles/stage-drag.css';
import './styles/card.css';
import './styles/drawer.css';
import './styles/comments.css';
import './styles/overlays.css';
import './styles/activity.css';
import './styles/toasts.css';
import './styles/history.css';
import './styles/account.css';
import './styles/members.css';
import './styles/webhooks.css';
import './styles/inbox.css';
import './styles/time-travel.css';

applyTheme();
if (import.meta.env.PROD) registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
