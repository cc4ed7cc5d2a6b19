import { render } from 'preact';
import { App } from './app';
import { startQueue } from './offline/queue';
import './styles.css';

render(<App />, document.getElementById('app') as HTMLElement);
startQueue();

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  addEventListener('load', () => {
    void navigator.serviceWorker.register('/sw.js');
  });
}
