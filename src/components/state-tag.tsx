/** A key's state as a coloured Carbon tag with the console's label (Enabled, Disabled, …). */
import { Tag } from '@carbon/react';
import { STATE_LABELS, type KeyState } from '../domain/key-state';

const COLORS = { 1: 'green', 2: 'gray', 3: 'warm-gray', 5: 'red' } as const;

export function StateTag({ state }: { state: KeyState }) {
  return (
    <Tag type={COLORS[state]} size="sm">
      {STATE_LABELS[state]}
    </Tag>
  );
}
