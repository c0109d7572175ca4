/**
 * The wizard's source step, shown only when there is a choice to make: more than one object
 * storage instance (or none, which it says). With exactly one, the review states it as a fact.
 */
import { InlineNotification, Select, SelectItem, SelectSkeleton } from '@carbon/react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Session } from '../../../domain/api';
import { errorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import { isSource, type Choices, type Problems } from '../authorization-draft';

export function SourceStep({
  choices,
  shown,
  set,
  session,
}: {
  choices: Choices;
  shown: Problems;
  set: (patch: Partial<Choices>) => void;
  session: UseQueryResult<Session>;
}) {
  if (!session.data && session.isError)
    return <FailureNotice failure={errorMessage(session.error)} />;
  if (!session.data) return <SelectSkeleton />;
  const sources = session.data.instances.filter(isSource);
  if (sources.length === 0)
    return (
      <InlineNotification
        kind="warning"
        title="No object storage instances"
        subtitle="Only object storage uses other services’ keys (for its buckets). Create an instance on the Resources page first."
        hideCloseButton
        lowContrast
      />
    );
  return (
    <Select
      id="source-instance"
      labelText="Source instance"
      helperText="The Cloud Object Storage instance whose buckets will use the keys."
      value={choices.sourceInstanceId}
      invalid={shown.sourceInstanceId !== undefined}
      invalidText={shown.sourceInstanceId}
      onChange={(e) => set({ sourceInstanceId: e.target.value })}
    >
      <SelectItem value="" text="Choose an instance" />
      {sources.map((i) => (
        <SelectItem key={i.id} value={i.id} text={`${i.name} · ${i.region}`} />
      ))}
    </Select>
  );
}
