/**
 * The keys table's columns and the "Columns" settings that show or hide the optional ones (the
 * id and last rotation), remembered in localStorage for every tab. Name, state and the row menu
 * always show; the defaults keep the table within the page at 1440 px.
 */
import {
  Checkbox,
  Toggletip,
  ToggletipButton,
  ToggletipContent,
  ToggletipLabel,
} from '@carbon/react';
import { Column } from '@carbon/icons-react';
import { useCallback, useState } from 'react';
import type { KeySortField } from '../../../domain/api';

export interface KeyColumn {
  key: string;
  header: string;
  sort?: KeySortField;
  /** May be hidden in the column settings; hidden unless chosen when `defaultHidden`. */
  optional?: boolean;
  defaultHidden?: boolean;
}

// Name and State first: where the table is wider than the window it scrolls inside its own
// container, and these two stay in view.
export const KEY_COLUMNS: readonly KeyColumn[] = [
  { key: 'name', header: 'Name', sort: 'name' },
  { key: 'state', header: 'State', sort: 'state' },
  { key: 'type', header: 'Type', optional: true },
  { key: 'aliases', header: 'Aliases', optional: true },
  { key: 'id', header: 'ID', optional: true, defaultHidden: true },
  { key: 'keyRingID', header: 'Key ring', optional: true },
  { key: 'creationDate', header: 'Created', sort: 'creationDate', optional: true },
  {
    key: 'lastRotateDate',
    header: 'Last rotated',
    sort: 'lastRotateDate',
    optional: true,
    defaultHidden: true,
  },
  { key: 'expirationDate', header: 'Expires', sort: 'expirationDate', optional: true },
  { key: 'actions', header: '' },
];

const STORAGE_KEY = 'keyward.keyColumns';

function readShown(): Set<string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (Array.isArray(stored)) return new Set(stored.filter((s) => typeof s === 'string'));
  } catch {
    // A damaged setting: the defaults.
  }
  return new Set(KEY_COLUMNS.filter((c) => !c.defaultHidden).map((c) => c.key));
}

/** The visible columns, and a toggle for an optional one. */
export function useKeyColumns(): [KeyColumn[], (key: string, shown: boolean) => void] {
  const [shown, setShown] = useState(readShown);
  const toggle = useCallback((key: string, on: boolean) => {
    setShown((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
      return next;
    });
  }, []);
  return [KEY_COLUMNS.filter((c) => !c.optional || shown.has(c.key)), toggle];
}

export function ColumnSettings({
  visible,
  onToggle,
}: {
  visible: KeyColumn[];
  onToggle: (key: string, shown: boolean) => void;
}) {
  const shown = new Set(visible.map((c) => c.key));
  return (
    <Toggletip align="bottom-end" autoAlign className="kw-column-settings">
      <ToggletipButton label="Column settings">
        <Column />
      </ToggletipButton>
      <ToggletipContent>
        <ToggletipLabel>Columns</ToggletipLabel>
        <fieldset className="kw-column-list">
          <legend className="cds--visually-hidden">Columns shown</legend>
          {KEY_COLUMNS.filter((c) => c.optional).map((c) => (
            <Checkbox
              key={c.key}
              id={`key-column-${c.key}`}
              labelText={c.header}
              checked={shown.has(c.key)}
              onChange={(_, { checked }) => onToggle(c.key, checked)}
            />
          ))}
        </fieldset>
      </ToggletipContent>
    </Toggletip>
  );
}
