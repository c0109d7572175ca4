/**
 * The scenarios (SPEC section 16): each one's story and what it holds, loaded in one click after a
 * confirmation (it replaces the account). Hyper Protect's administrators' key files are handed out
 * once, after loading, as the engine never stores private keys.
 */
import { InlineNotification, Modal, Tile } from '@carbon/react';
import { useState } from 'react';
import type { ScenarioResult } from '../../../domain/presenter';
import { SCENARIOS, type ScenarioDefinition } from '../../../domain/scenarios';
import { errorMessage } from '../../../client/error-message';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { useLastResult } from '../api/last-result';
import { downloadBytes, useLoadScenario, usePresenterPermission } from '../api/presenter-calls';

export function ScenariosSection() {
  const permission = usePresenterPermission('load scenarios');
  const load = useLoadScenario();
  const notify = useNotify();
  const [asked, setAsked] = useState<ScenarioDefinition | undefined>();
  const [loaded, setLoaded] = useLastResult<ScenarioResult>('scenario-load');

  return (
    <section aria-labelledby="kw-scenarios-title">
      <h2 id="kw-scenarios-title" className="kw-section-title">
        Scenarios
      </h2>
      {loaded?.files && (
        <InlineNotification
          kind="info"
          lowContrast
          title="Administrators’ signature key files"
          subtitle="Download them now: the ceremony needs them, and Keyward does not keep them."
          onClose={() => setLoaded(undefined)}
        >
          <ul className="kw-demo-files">
            {loaded.files.map((f) => (
              <li key={f.name}>
                <button
                  type="button"
                  className="cds--link"
                  onClick={() => downloadBytes(`${f.name}.json`, f.text, 'application/json')}
                >
                  {f.name}.json
                </button>{' '}
                (password “{f.password}”)
              </li>
            ))}
          </ul>
        </InlineNotification>
      )}
      <div className="kw-scenarios">
        {SCENARIOS.map((s) => (
          <Tile key={s.id} className="kw-scenario" data-testid={`scenario-${s.id}`}>
            <h3 className="kw-scenario-title">{s.title}</h3>
            <p className="kw-scenario-summary">{s.summary}</p>
            <ul className="kw-scenario-holds" aria-label={`What “${s.title}” holds`}>
              {s.holds.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <GatedButton
              permission={permission}
              kind="tertiary"
              size="sm"
              onClick={() => setAsked(s)}
            >
              Load scenario
            </GatedButton>
          </Tile>
        ))}
      </div>
      <Modal
        open={asked !== undefined}
        modalHeading={asked ? `Load “${asked.title}”?` : ''}
        primaryButtonText={load.isPending ? 'Loading…' : 'Load scenario'}
        primaryButtonDisabled={load.isPending}
        secondaryButtonText="Cancel"
        onRequestClose={() => {
          if (!load.isPending) setAsked(undefined);
        }}
        onRequestSubmit={() => {
          if (!asked) return;
          load.mutate(asked.id, {
            onSuccess: (result) => {
              setAsked(undefined);
              notify({
                kind: 'success',
                title: `Loaded “${asked.title}”`,
                subtitle: `${result.summary.keys} keys, ${result.summary.buckets} buckets, ${result.summary.events} events. Its walkthrough is open.`,
              });
            },
          });
        }}
      >
        <p>
          This replaces the whole account with a fresh demo account and seeds the scenario through
          the engine’s own calls. Save a checkpoint first to come back to the current state.
        </p>
        {load.error && (
          <InlineNotification
            kind="error"
            lowContrast
            hideCloseButton
            title={errorMessage(load.error).title}
            subtitle={errorMessage(load.error).detail}
          />
        )}
      </Modal>
    </section>
  );
}
