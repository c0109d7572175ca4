/**
 * Settings › Keyward server: point this tab's console at a Keyward server (`npm run serve`)
 * instead of its in-browser engine, or back. The address is checked as typed (http(s) only;
 * http for this machine only); "Test connection" and "Connect" try the address and API key and
 * say what failed — no server answered, the key was refused, or it is not a Keyward server.
 * On a server the console acts as the API key's user: to act as another person, connect with
 * that person's key (in another tab or browser, two people at once).
 */
import { Button, InlineNotification, PasswordInput, Stack, TextInput } from '@carbon/react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useServerChoice } from '../../../client/engine-choice';
import { connectToServer, disconnectServer } from '../../../client/keyward-client';
import {
  normalizeServerUrl,
  probeServer,
  ServerConnectError,
  serverUrlProblem,
  type ServerIdentity,
  type ServerProblem,
} from '../../../client/server-connection';
import { useNotify } from '../../../components/notifications';

const PROBLEM_TITLES: Record<ServerProblem, string> = {
  unreachable: 'Server unreachable',
  'bad-key': 'API key refused',
  'not-keyward': 'Not a Keyward server',
};

type Outcome =
  | { kind: 'tested'; identity: ServerIdentity; url: string }
  | { kind: 'failed'; title: string; detail: string };

function failure(error: unknown): Outcome {
  if (error instanceof ServerConnectError)
    return { kind: 'failed', title: PROBLEM_TITLES[error.problem], detail: error.message };
  return {
    kind: 'failed',
    title: 'Could not connect',
    detail: error instanceof Error ? error.message : String(error),
  };
}

export function ServerSection() {
  const server = useServerChoice();
  return (
    <section className="kw-settings-server" aria-labelledby="settings-server-title">
      <h2 id="settings-server-title" className="kw-settings-heading">
        Keyward server
      </h2>
      {server ? <Connected url={server.url} userName={server.userName} /> : <ConnectForm />}
    </section>
  );
}

function Connected({ url, userName }: { url: string; userName: string }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  return (
    <Stack gap={5}>
      <p className="kw-settings-help" data-testid="server-connected">
        This console uses the Keyward server at <strong>{url}</strong>, acting as{' '}
        <strong>{userName}</strong> (the API key’s user). Everything it shows comes from the server.
        To act as someone else, connect with their API key.
      </p>
      <div className="kw-settings-actions">
        <Button
          kind="secondary"
          onClick={() => {
            disconnectServer();
            void queryClient.resetQueries();
            notify({
              kind: 'info',
              title: 'Disconnected',
              subtitle: 'The console uses its in-browser engine again.',
            });
          }}
        >
          Disconnect
        </Button>
      </div>
    </Stack>
  );
}

function ConnectForm() {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [url, setUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState<'test' | 'connect' | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const urlProblem = serverUrlProblem(url);
  const keyProblem = apiKey.trim() === '' ? 'Enter the API key.' : undefined;

  const run = async (what: 'test' | 'connect') => {
    setTried(true);
    setOutcome(undefined);
    if (urlProblem || keyProblem) return;
    const address = normalizeServerUrl(url);
    setBusy(what);
    try {
      if (what === 'test') {
        setOutcome({
          kind: 'tested',
          identity: await probeServer(address, apiKey.trim()),
          url: address,
        });
      } else {
        const identity = await connectToServer(address, apiKey.trim());
        void queryClient.resetQueries();
        notify({
          kind: 'success',
          title: 'Connected',
          subtitle: `Using the server at ${address} as ${identity.name}.`,
        });
      }
    } catch (error) {
      setOutcome(failure(error));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <form
      className="kw-settings-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void run('connect');
      }}
    >
      <Stack gap={6}>
        <p className="kw-settings-help">
          This console runs its own engine in this browser. Point it at a Keyward server (
          <code>npm run serve</code>) to work on the server’s keys, with your team.
        </p>
        <TextInput
          id="server-url"
          labelText="Server address"
          placeholder="http://127.0.0.1:8080"
          helperText="http:// for this machine only; https:// for a server elsewhere."
          value={url}
          invalid={tried && urlProblem !== undefined}
          invalidText={urlProblem}
          autoComplete="url"
          onChange={(e) => setUrl(e.target.value)}
        />
        <PasswordInput
          id="server-api-key"
          labelText="API key"
          helperText="npm run serve prints the first Administrator key; an Administrator makes more (README, “Keyward server”)."
          value={apiKey}
          invalid={tried && keyProblem !== undefined}
          invalidText={keyProblem}
          autoComplete="off"
          onChange={(e) => setApiKey(e.target.value)}
        />
        {outcome?.kind === 'failed' && (
          <InlineNotification
            kind="error"
            title={outcome.title}
            subtitle={outcome.detail}
            lowContrast
            hideCloseButton
          />
        )}
        {outcome?.kind === 'tested' && (
          <InlineNotification
            kind="success"
            title="Connection works"
            subtitle={`The server at ${outcome.url} answered; the key acts as ${outcome.identity.name}.`}
            lowContrast
            hideCloseButton
          />
        )}
        <div className="kw-settings-actions">
          <Button kind="secondary" disabled={busy !== undefined} onClick={() => void run('test')}>
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </Button>
          <Button type="submit" disabled={busy !== undefined}>
            {busy === 'connect' ? 'Connecting…' : 'Connect'}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
