/**
 * The wizard's review: in words, what the authorization will allow, then each part as a fact
 * (the parts that had only one possible answer say so), and the engine's answer to Authorize
 * when it refused: a duplicate links to the existing authorization, any other failure is shown
 * here with a way back to the scope.
 */
import {
  Button,
  InlineNotification,
  Stack,
  StructuredListBody,
  StructuredListCell,
  StructuredListRow,
  StructuredListWrapper,
} from '@carbon/react';
import { Link } from 'react-router';
import { INSTANCE_KIND_LABELS } from '../../../domain/access-validation';
import type { ServiceInstance } from '../../../domain/types';
import type { ErrorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import { allowanceText, isSource, keyChoiceText, ROLE, type Choices } from '../authorization-draft';
import { READER_EXPLANATION } from '../describe';

function instanceFact(id: string, instances: readonly ServiceInstance[]): string {
  const i = instances.find((x) => x.id === id);
  return i ? `${i.name} · ${i.region} (${INSTANCE_KIND_LABELS[i.kind]})` : id;
}

export function ReviewStep({
  choices,
  instances,
  duplicateOf,
  duplicateMessage,
  failure,
  onChangeTarget,
}: {
  choices: Choices;
  instances: readonly ServiceInstance[];
  /** The existing authorization the engine refused a duplicate of. */
  duplicateOf: string | undefined;
  duplicateMessage: string | undefined;
  failure: ErrorMessage | undefined;
  onChangeTarget: () => void;
}) {
  const onlySource = instances.filter(isSource).length === 1;
  const scope =
    choices.scopeKind === 'ring'
      ? `Key ring ${choices.ring}`
      : choices.scopeKind === 'key' && choices.key
        ? `Root key ${keyChoiceText(choices.key)}`
        : 'All keys of the instance';
  const facts: [string, string][] = [
    [
      'Source',
      instanceFact(choices.sourceInstanceId, instances) +
        (onlySource ? ' — the only object storage instance' : ''),
    ],
    ['Target', instanceFact(choices.targetInstanceId, instances)],
    ['Scope', scope],
    ['Role', `${ROLE} — the only role a service authorization grants`],
  ];
  return (
    <Stack gap={6}>
      <p className="kw-authorization-allowance" data-testid="authorization-allowance">
        {allowanceText(choices, instances)}
      </p>
      <StructuredListWrapper aria-label="Review the authorization" isCondensed>
        <StructuredListBody>
          {facts.map(([label, value]) => (
            <StructuredListRow key={label}>
              <StructuredListCell noWrap>{label}</StructuredListCell>
              <StructuredListCell className="kw-break">{value}</StructuredListCell>
            </StructuredListRow>
          ))}
        </StructuredListBody>
      </StructuredListWrapper>
      <p className="kw-muted">{READER_EXPLANATION}</p>
      {duplicateOf && (
        // The link sits beside the notification: a status region holds no controls.
        <div>
          <InlineNotification
            kind="error"
            title="Already authorized"
            subtitle={duplicateMessage}
            hideCloseButton
            lowContrast
          />
          <Link to={`/authorizations?highlight=${duplicateOf}`} className="cds--link">
            View the existing authorization
          </Link>
        </div>
      )}
      {failure && (
        <div>
          <FailureNotice failure={failure} />
          <Button kind="ghost" size="sm" onClick={onChangeTarget}>
            Change target and scope
          </Button>
        </div>
      )}
    </Stack>
  );
}
