/** The console's theme (Carbon white or g100), remembered in localStorage for every tab. */
import { useSyncExternalStore } from 'react';

export type ThemeName = 'white' | 'g100';
const THEME_KEY = 'keyward.theme';
const listeners = new Set<() => void>();

function read(): ThemeName {
  return localStorage.getItem(THEME_KEY) === 'g100' ? 'g100' : 'white';
}

export function useTheme(): ThemeName {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, read);
}

export function setTheme(theme: ThemeName): void {
  localStorage.setItem(THEME_KEY, theme);
  for (const listener of listeners) listener();
}
