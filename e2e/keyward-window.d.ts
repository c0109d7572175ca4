/** The engine API the console exposes on `window` (see src/main.tsx), as tests call it. */
import type { KeywardApi } from '../src/domain/api';

declare global {
  interface Window {
    keyward: KeywardApi;
  }
}
