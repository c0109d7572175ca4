/**
 * What the scope pickers list of the target instance, read as the acting user through the
 * console's one query layer (engine-query.ts): its key rings, and its root keys matching what is
 * typed in the key picker (the engine's search, over names and aliases), a pause after typing.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useActingUserId } from '../../../client/session';
import { engineQuery } from '../../../client/engine-query';
import { keySearchQuery } from '../authorization-draft';

const SEARCH_DEBOUNCE_MS = 250;

function useTargetContext(targetInstanceId: string) {
  const userId = useActingUserId() ?? '';
  return { userId, instanceId: targetInstanceId };
}

/** The target's key rings (`enabled` once a target is chosen and the ring scope is). */
export function useTargetRings(targetInstanceId: string, enabled: boolean) {
  const ctx = useTargetContext(targetInstanceId);
  return useQuery({
    ...engineQuery('listKeyRings', ctx, { limit: 200 }),
    enabled: enabled && targetInstanceId !== '',
  });
}

/** The target's root keys matching `text` (searched once typing pauses). */
export function useTargetKeys(targetInstanceId: string, text: string, enabled: boolean) {
  const ctx = useTargetContext(targetInstanceId);
  const [search, setSearch] = useState(text);
  useEffect(() => {
    if (search === text) return;
    const timer = setTimeout(() => setSearch(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, search]);
  const query = useQuery({
    ...engineQuery('listKeys', ctx, keySearchQuery(search)),
    enabled: enabled && targetInstanceId !== '',
    // While a new search runs, the last answer for the same instance stays listed.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === targetInstanceId ? previous : undefined,
  });
  return { ...query, searching: search !== text || query.isFetching };
}
