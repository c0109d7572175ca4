/**
 * A text field whose value lives in the URL: the field edits a local draft, which is committed
 * after a pause in typing (or at once, with `flush`), so each search or filter makes one history
 * entry rather than one per keystroke. When the URL changes under it (back, forward, "Clear
 * filters"), the draft follows.
 */
import { useEffect, useRef, useState } from 'react';

export function useDraft(
  value: string,
  commit: (draft: string) => void,
  delayMs = 500,
): [draft: string, setDraft: (draft: string) => void, flush: () => void] {
  const [draft, setDraft] = useState(value);
  const [synced, setSynced] = useState(value);
  if (value !== synced) {
    setSynced(value);
    setDraft(value);
  }
  // The latest commit, without restarting the pause on every render.
  const commitRef = useRef(commit);
  useEffect(() => {
    commitRef.current = commit;
  });
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => commitRef.current(draft), delayMs);
    return () => clearTimeout(timer);
  }, [draft, value, delayMs]);
  const flush = () => {
    if (draft !== value) commitRef.current(draft);
  };
  return [draft, setDraft, flush];
}
