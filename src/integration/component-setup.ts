/**
 * Setup of the component tests (`*.component.test.tsx`, jsdom): the console's engine client is
 * the in-thread engine of in-thread-client.ts instead of a worker, each test's render is unmounted
 * after it, and the few browser features Carbon uses that jsdom lacks are stood in for.
 */
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

vi.mock('../client/keyward-client', () => import('./in-thread-client'));

// The machine is shared and loaded: wait for the engine's answers as long as a user would.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});

// Carbon's layout and overflow helpers observe sizes and media queries; jsdom has neither.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoResizeObserver;
window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }) as MediaQueryList;
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
