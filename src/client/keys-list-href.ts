/**
 * Links to the keys page filtered as an engine key filter selects (the dashboard's figures and
 * posture checks): the keys page reads the same URL parameters (`keys-url-state.ts`; a test there
 * checks both directions), so a figure and the list it opens always agree.
 */
import type { KeyListFilter } from '../domain/insights';

const DEFAULT_STATES = '1,2,3';

export function keysListHref(filter: KeyListFilter): string {
  const params = new URLSearchParams();
  const states = filter.state?.join(',');
  if (states !== undefined && states !== DEFAULT_STATES) params.set('state', states);
  if (filter.extractable !== undefined)
    params.set('type', filter.extractable ? 'standard' : 'root');
  if (filter.expiringWithinDays) params.set('expiring', String(filter.expiringWithinDays));
  if (filter.rotationDueWithinDays) params.set('rotation', String(filter.rotationDueWithinDays));
  if (filter.noRotationPolicy) params.set('norotation', '1');
  if (filter.dualAuthDelete !== undefined)
    params.set('dualauth', filter.dualAuthDelete ? 'on' : 'off');
  if (filter.notUsedForDays) params.set('unused', String(filter.notUsedForDays));
  const query = params.toString();
  return query ? `/keys?${query}` : '/keys';
}
