/**
 * Composition helper: the named methods of an area's service, bound to it, as a plain object to
 * spread into the engine's API. The engine type-checks the composed object against `KeywardApi`,
 * so a method an area lacks (or declares with another signature) fails the build.
 */
export function methodsOf<T extends object, K extends keyof T>(
  service: T,
  names: readonly K[],
): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const name of names) {
    const method = service[name];
    if (typeof method !== 'function') throw new Error(`${String(name)} is not a method`);
    picked[name] = method.bind(service) as T[K];
  }
  return picked;
}
