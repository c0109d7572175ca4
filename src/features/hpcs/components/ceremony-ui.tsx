/**
 * Small pieces every part of the Hyper Protect page uses: a failure notice, a verification
 * pattern in groups of eight, the props of a ceremony step and its action row.
 */
import { InlineNotification } from '@carbon/react';
import type { ReactNode } from 'react';
import type { CallContext } from '../../../domain/api';
import type { HpcsState } from '../../../domain/hpcs';
import { errorMessage } from '../../../client/error-message';

export function Failure({ error }: { error: unknown }) {
  if (!error) return null;
  const { title, detail } = errorMessage(error);
  return (
    <InlineNotification kind="error" title={title} subtitle={detail} hideCloseButton lowContrast />
  );
}

export function Pattern({ value }: { value: string | undefined }) {
  if (!value) return <span className="kw-secondary">—</span>;
  return (
    <span className="kw-mono kw-break" title="Verification pattern">
      {value.match(/.{1,8}/g)?.join(' ')}
    </span>
  );
}

export interface StepProps {
  ctx: CallContext;
  state: HpcsState;
  disabled: boolean;
}

export function ActionRow({ children }: { children: ReactNode }) {
  return <div className="kw-page-actions">{children}</div>;
}
