/**
 * The header's word on which engine the console uses: its own in the browser, or a Keyward
 * server (by host). Settings › Keyward server changes it.
 */
import { Link } from 'react-router';
import { useServerChoice } from '../client/engine-choice';
import './engine-indicator.scss';

export function EngineIndicator() {
  const server = useServerChoice();
  const host = server ? new URL(server.url).host : undefined;
  return (
    <Link
      to="/settings"
      className={`kw-header-engine${server ? ' kw-header-engine--server' : ''}`}
      data-testid="engine-indicator"
      aria-label={server ? `Engine: Keyward server at ${server.url}` : 'Engine: in this browser'}
    >
      {server ? `Server ${host}` : 'In-browser engine'}
    </Link>
  );
}
