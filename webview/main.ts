/**
 * The trajectory panel's entry (bundled to dist/webview.js + dist/webview.css). The host sends a
 * snapshot when the panel (re)opens, then appended event batches; see src/shared/panelProtocol.ts.
 */
import '@vscode/codicons/dist/codicon.css';
import './styles/base.css';
import './styles/header.css';
import './styles/notice.css';
import './styles/rows.css';
import './styles/citations.css';
import './styles/links.css';
import './styles/markdown.css';
import './styles/approvals.css';
import './styles/budgetBar.css';
import './styles/summaryReview.css';
import './styles/session.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { PanelApp } from './app';
import { connect } from './vscodeApi';

const root = document.getElementById('app');
if (root) {
  const app = new PanelApp(root, connect());
  window.addEventListener('message', (e: MessageEvent) => app.receive(e.data));
  app.start();
}
