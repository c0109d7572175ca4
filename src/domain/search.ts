/**
 * The key search syntax of SPEC.md section 3: a term that matches a key's name or any alias,
 * optionally prefixed by `not:`, `exact:`, and one of `name:` / `alias:` (in any order).
 * Without `exact:` the match is a case-insensitive substring; with it, the whole value must equal
 * the term exactly.
 */

export interface KeySearch {
  term: string;
  negate: boolean;
  exact: boolean;
  field: 'any' | 'name' | 'alias';
}

export function parseKeySearch(input: string): KeySearch {
  const search: KeySearch = { term: input, negate: false, exact: false, field: 'any' };
  for (;;) {
    const t = search.term;
    if (t.startsWith('not:')) search.negate = true;
    else if (t.startsWith('exact:')) search.exact = true;
    else if (t.startsWith('name:') && search.field === 'any') search.field = 'name';
    else if (t.startsWith('alias:') && search.field === 'any') search.field = 'alias';
    else break;
    search.term = t.slice(t.indexOf(':') + 1);
  }
  return search;
}

export function matchesKeySearch(
  search: KeySearch,
  key: { name: string; aliases: readonly string[] },
): boolean {
  const values: string[] = [];
  if (search.field !== 'alias') values.push(key.name);
  if (search.field !== 'name') values.push(...key.aliases);
  const needle = search.term.toLowerCase();
  const hit = values.some((v) =>
    search.exact ? v === search.term : v.toLowerCase().includes(needle),
  );
  return search.negate ? !hit : hit;
}
