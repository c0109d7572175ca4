import { describe, expect, it } from 'vitest';
import { FIT_ORDER, readChoices, shownColumns } from './key-columns';

const keys = (columns: { key: string }[]) => columns.map((c) => c.key);
const defaults = [
  'name',
  'state',
  'type',
  'aliases',
  'keyRingID',
  'creationDate',
  'expirationDate',
  'actions',
];

describe('readChoices', () => {
  it('reads nothing stored, a damaged value and a non-object as no choices', () => {
    expect(readChoices(null)).toEqual({});
    expect(readChoices('{not json')).toEqual({});
    expect(readChoices('42')).toEqual({});
    expect(readChoices('"aliases"')).toEqual({});
  });

  it('keeps boolean choices of optional columns only', () => {
    expect(
      readChoices(
        JSON.stringify({ id: true, aliases: false, name: false, nope: true, type: 'yes' }),
      ),
    ).toEqual({ id: true, aliases: false });
  });

  it('reads the former array of shown columns as the choices that differ from the defaults', () => {
    // The old setting listed every shown column: here the id shown (hidden by default) and the
    // aliases missing (shown by default); the rest as by default, so no choice for them.
    const old = JSON.stringify(defaults.filter((k) => k !== 'aliases').concat('id'));
    expect(readChoices(old)).toEqual({ id: true, aliases: false });
  });

  it('reads a former array of exactly the defaults as no choices (width defaults apply)', () => {
    expect(readChoices(JSON.stringify(defaults))).toEqual({});
  });
});

describe('shownColumns', () => {
  it('shows the default columns, Name and State first and the row menu last', () => {
    expect(keys(shownColumns({}, 0))).toEqual(defaults);
  });

  it('leaves out default columns in FIT_ORDER as the table narrows, never Name, State or the menu', () => {
    expect(keys(shownColumns({}, 1))).toEqual(defaults.filter((k) => k !== 'aliases'));
    expect(keys(shownColumns({}, 2))).toEqual(
      defaults.filter((k) => k !== 'aliases' && k !== 'keyRingID'),
    );
    expect(keys(shownColumns({}, FIT_ORDER.length + 5))).toEqual(['name', 'state', 'actions']);
  });

  it('keeps a column the user chose to show, whatever the width, and drops the next one instead', () => {
    const choices = { aliases: true };
    expect(keys(shownColumns(choices, 1))).toEqual(defaults.filter((k) => k !== 'keyRingID'));
    expect(keys(shownColumns(choices, 99))).toEqual(['name', 'state', 'aliases', 'actions']);
  });

  it('shows a column hidden by default once chosen, and hides a default one chosen hidden', () => {
    expect(keys(shownColumns({ id: true, type: false }, 0))).toEqual([
      'name',
      'state',
      'aliases',
      'id',
      'keyRingID',
      'creationDate',
      'expirationDate',
      'actions',
    ]);
  });
});
