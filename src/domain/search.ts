/**
 * The key search syntax of SPEC.md section 3 (Key Protect's `search` parameter): a term that
 * matches a key's name or any alias, case-insensitively, optionally prefixed by `not:`, `exact:`
 * (the whole value, still case-insensitive), `name:` and/or `alias:` (both given: either matches),
 * and `escape:` (what follows is the term, prefixes and all: `escape:not:x` searches "not:x").
 * Without `exact:` the match is a substring. A full key id as the term finds that key.
 */

export interface KeySearch {
  term: string;
  negate: boolean;
  exact: boolean;
  field: 'any' | 'name' | 'alias';
}

export function parseKeySearch(input: string): KeySearch {
  const search: KeySearch = { term: input, negate: false, exact: false, field: 'any' };
  let name = false;
  let alias = false;
  for (;;) {
    const t = search.term;
    if (t.startsWith('escape:')) {
      search.term = t.slice('escape:'.length);
      break;
    }
    if (t.startsWith('not:')) search.negate = true;
    else if (t.startsWith('exact:')) search.exact = true;
    else if (t.startsWith('name:')) name = true;
    else if (t.startsWith('alias:')) alias = true;
    else break;
    search.term = t.slice(t.indexOf(':') + 1);
  }
  search.field = name === alias ? 'any' : name ? 'name' : 'alias';
  return search;
}

export function matchesKeySearch(
  search: KeySearch,
  key: { id?: string; name: string; aliases: readonly string[] },
): boolean {
  const values: string[] = [];
  if (search.field !== 'alias') values.push(key.name);
  if (search.field !== 'name') values.push(...key.aliases);
  const needle = search.term.toLowerCase();
  const hit =
    (key.id !== undefined && key.id.toLowerCase() === needle) ||
    values.some((v) =>
      search.exact ? v.toLowerCase() === needle : v.toLowerCase().includes(needle),
    );
  return search.negate ? !hit : hit;
}
