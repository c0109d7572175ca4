/**
 * A key's state as a coloured Carbon tag with the console's label (Enabled, Disabled, …), and the
 * same colours for charts, so a state looks alike in every table and on the dashboard.
 */
import { Tag } from '@carbon/react';
import { STATE_LABELS, type KeyState } from '../domain/key-state';

const COLORS = { 1: 'green', 2: 'gray', 3: 'warm-gray', 5: 'red' } as const;

/**
 * Chart colours of each state's label, from the tag's colour family (Carbon's palette: green 50,
 * gray 60, warm gray 40, red 60); the two greys differ in lightness so adjacent bars stay apart.
 */
export const STATE_CHART_COLOURS: Readonly<Record<string, string>> = {
  [STATE_LABELS[1]]: '#24a148',
  [STATE_LABELS[2]]: '#6f6f6f',
  [STATE_LABELS[3]]: '#ada8a8',
  [STATE_LABELS[5]]: '#da1e28',
};

export function StateTag({ state }: { state: KeyState }) {
  return (
    <Tag type={COLORS[state]} size="sm">
      {STATE_LABELS[state]}
    </Tag>
  );
}
