/**
 * Is the window narrower than Carbon's md breakpoint (672 px)? For what CSS alone cannot change,
 * such as a progress indicator turning vertical so that no step is cut off at the right edge.
 */
import { useSyncExternalStore } from 'react';

const NARROW = '(max-width: 671px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

export function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
}
