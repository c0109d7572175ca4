/**
 * A Hyper Protect Crypto Services instance (SPEC section 11): its crypto units with their new and
 * current master key registers and verification patterns, the administrators and thresholds, what
 * the instance can do right now, and the master key ceremony as a wizard — administrators,
 * thresholds, each custodian's part (downloaded as a password-protected file), load, commit,
 * activate — with zeroize, recovery and master key rotation as signed danger actions. People who
 * may not take part see every control disabled with the reason; the engine refuses them anyway.
 */
import { InlineNotification, SkeletonText, Stack } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { CallContext } from '../../../domain/api';
import { useActingUserId } from '../../../client/session';
import { hpcsQueries } from '../api/hpcs-queries';
import { CeremonyWizard } from './ceremony-wizard';
import { Failure } from './ceremony-ui';
import { DangerZone } from './danger-zone';
import { AdministratorsSection, StatusNotice, UnitsTable } from './instance-overview';
import '../hpcs.scss';

export function Component() {
  const { instanceId = '' } = useParams();
  const userId = useActingUserId() ?? '';
  const ctx: CallContext = { userId, instanceId };
  const query = useQuery(hpcsQueries.state(ctx));
  const state = query.data;
  const disabled = !state?.mayAct;

  return (
    <>
      <nav className="kw-crumbs" aria-label="Breadcrumb">
        <Link to="/resources">Resources</Link> /{' '}
        <span className="kw-crumb-current">{state?.instanceName ?? 'Hyper Protect'}</span>
      </nav>
      <h1 className="kw-page-title">{state?.instanceName ?? 'Hyper Protect Crypto Services'}</h1>
      <p className="kw-page-intro">
        Keep your own key: this instance’s keys are enciphered under a master key that only its
        custodians hold, loaded into its crypto units by a ceremony their administrators sign.
      </p>
      {query.isError && <Failure error={query.error} />}
      {!state ? (
        <SkeletonText paragraph lineCount={6} />
      ) : (
        <Stack gap={7}>
          <StatusNotice state={state} />
          {!state.mayAct && (
            <InlineNotification
              kind="info"
              title="View only"
              subtitle={state.mayActReason ?? ''}
              hideCloseButton
              lowContrast
              data-testid="hpcs-view-only"
            />
          )}
          <section aria-labelledby="hpcs-units" className="kw-hpcs-section">
            <h2 id="hpcs-units" className="kw-section-title">
              Crypto units
            </h2>
            <UnitsTable units={state.units} />
          </section>
          <AdministratorsSection state={state} />
          <CeremonyWizard ctx={ctx} state={state} disabled={disabled} />
          <DangerZone ctx={ctx} state={state} disabled={disabled} />
        </Stack>
      )}
    </>
  );
}
