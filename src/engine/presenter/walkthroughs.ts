/**
 * Guided walkthroughs (SPEC section 16): which walkthrough is in progress is stored with the
 * account (meta `walkthrough`: from which event on its steps count); whether a step is done is
 * read from the audit trail, so a step done another way, by another user or in another tab counts
 * the same, and progress survives a reload.
 */
import type { WalkthroughState } from '../../domain/presenter';
import { scenarioDefinition, stepHref, type StepRule } from '../../domain/scenarios';
import type { AuditEvent } from '../../domain/types';
import type { WalkthroughRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';

/** Hyper Protect instances record Key Protect's actions under the `hs-crypto.` prefix. */
function matches(rule: StepRule, e: AuditEvent): boolean {
  if (e.outcome !== rule.outcome) return false;
  return e.action === rule.action || e.action.replace(/^hs-crypto\./, 'kms.') === rule.action;
}

export async function walkthroughState(
  tx: StoreTx,
  record: WalkthroughRecord,
): Promise<WalkthroughState | undefined> {
  const definition = scenarioDefinition(record.id);
  if (!definition) return undefined;
  const doneBy = new Map<string, AuditEvent>();
  await tx.eachEventAfter(record.afterSeq, (e) => {
    for (const step of definition.steps)
      if (!doneBy.has(step.id) && step.completedBy.some((rule) => matches(rule, e)))
        doneBy.set(step.id, e);
  });
  const steps = definition.steps.map((step) => {
    const e = doneBy.get(step.id);
    return {
      id: step.id,
      title: step.title,
      what: step.what,
      why: step.why,
      href: stepHref(step, record.subjects),
      linkText: step.linkText,
      done: e !== undefined,
      ...(e ? { doneBy: { eventId: e.id, time: e.time, initiator: e.initiator.name } } : {}),
    };
  });
  return {
    id: definition.id,
    title: definition.title,
    startedAt: new Date(record.startedAt).toISOString(),
    steps,
    complete: steps.every((s) => s.done),
  };
}
