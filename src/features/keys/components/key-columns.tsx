/**
 * The keys table's columns and the "Columns" settings that show or hide the optional ones,
 * remembered in localStorage for every tab. Name, state and the row menu always show; by default
 * a narrow table leaves out optional columns (FIT_ORDER) until it fits without scrolling.
 */
import {
  Checkbox,
  Toggletip,
  ToggletipButton,
  ToggletipContent,
  ToggletipLabel,
} from '@carbon/react';
import { Column } from '@carbon/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { KeySortField } from '../../../domain/api';

export interface KeyColumn {
  key: string;
  header: string;
  sort?: KeySortField;
  /** May be hidden in the column settings; hidden unless chosen when `defaultHidden`. */
  optional?: boolean;
  defaultHidden?: boolean;
}

// Name and State first; the row menu last.
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

/**
 * The optional columns a narrow table leaves out first, in that order, unless the user chose
 * them in the settings: the widest and least telling go first; Name, State and the row menu
 * always show.
 */
export const FIT_ORDER: readonly string[] = [
  'aliases',
  'keyRingID',
  'creationDate',
  'type',
  'expirationDate',
  'id',
  'lastRotateDate',
];

/** What the user chose in the settings: shown (true) or hidden (false); others take the default. */
export type ColumnChoices = Record<string, boolean>;

const defaultShown = (c: KeyColumn) => !c.defaultHidden;

/**
 * The stored choices. The former setting (an array of every shown column) becomes the choices
 * that differ from the defaults, so width defaults apply to the rest.
 */
export function readChoices(raw: string | null): ColumnChoices {
  try {
    const stored: unknown = JSON.parse(raw ?? 'null');
    if (Array.isArray(stored)) {
      const shown = new Set(stored.filter((s) => typeof s === 'string'));
      const choices: ColumnChoices = {};
      for (const c of KEY_COLUMNS)
        if (c.optional && shown.has(c.key) !== defaultShown(c)) choices[c.key] = shown.has(c.key);
      return choices;
    }
    if (stored && typeof stored === 'object') {
      const choices: ColumnChoices = {};
      for (const [k, v] of Object.entries(stored))
        if (typeof v === 'boolean' && KEY_COLUMNS.some((c) => c.optional && c.key === k))
          choices[k] = v;
      return choices;
    }
  } catch {
    // A damaged setting: the defaults.
  }
  return {};
}

/**
 * The columns shown: the user's choices, else the default, less the first `dropped` columns of
 * FIT_ORDER that are shown by default and not chosen (those a narrow table leaves out).
 */
export function shownColumns(choices: ColumnChoices, dropped: number): KeyColumn[] {
  const left = new Set(fitCandidates(choices).slice(0, dropped));
  return KEY_COLUMNS.filter(
    (c) => !c.optional || (choices[c.key] ?? (defaultShown(c) && !left.has(c.key))),
  );
}

function fitCandidates(choices: ColumnChoices): string[] {
  return FIT_ORDER.filter((k) => {
    const c = KEY_COLUMNS.find((col) => col.key === k);
    return c !== undefined && choices[k] === undefined && defaultShown(c);
  });
}

/** Is the table wider than its container (it would scroll sideways)? */
function overflows(box: HTMLElement): boolean {
  const content = box.querySelector('.cds--data-table-content');
  return content !== null && content.scrollWidth > content.clientWidth + 1;
}

/**
 * The visible columns, a toggle for an optional one, and a ref for the element around the
 * table: where the table would be wider than it, the columns of FIT_ORDER the user did not
 * choose are left out one by one until it fits (and come back as it widens). A choice in the
 * settings wins over the width, and is remembered in localStorage for every tab.
 */
export function useKeyColumns(): [
  KeyColumn[],
  (key: string, shown: boolean) => void,
  (element: HTMLElement | null) => void,
] {
  const [choices, setChoices] = useState(() => readChoices(localStorage.getItem(STORAGE_KEY)));
  const [dropped, setDropped] = useState(0);
  const [box, setBox] = useState<HTMLElement | null>(null);
  const max = fitCandidates(choices).length;

  const toggle = useCallback((key: string, on: boolean) => {
    setChoices((current) => {
      const next = { ...current, [key]: on };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
    setDropped(0);
  }, []);

  // The container narrower, or the table wider (its columns or rows changed): one more column
  // out while the table is too wide (each drop narrows the table, so this runs again). The
  // container wider: start again from every default column.
  useEffect(() => {
    if (!box || typeof ResizeObserver === 'undefined') return;
    let width = box.clientWidth;
    const observer = new ResizeObserver(() => {
      const now = box.clientWidth;
      if (now > width) setDropped(0);
      else if (overflows(box)) setDropped((d) => Math.min(d + 1, max));
      width = now;
    });
    observer.observe(box);
    const table = box.querySelector('table');
    if (table) observer.observe(table);
    return () => observer.disconnect();
  }, [box, max]);

  return [shownColumns(choices, dropped), toggle, setBox];
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
