// A Reflect metadata polyfill just large enough for @peculiar/x509. The library resolves its algorithms
// through tsyringe, which refuses to load unless Reflect.getMetadata exists, and no polyfill package is
// installed (reflect-metadata would be the usual one; it can replace this file). The library registers only
// parameterless classes, so tsyringe needs nothing more than these four functions; a WeakMap store is enough.
// Imported for its side effect by x509-library.ts, before the library itself. (The agent never imports
// collector code, so the collector keeps its own copy in collector/pki/.)
type MetadataStore = WeakMap<object, Map<unknown, unknown>>;
const store: MetadataStore = new WeakMap();
const reflect = Reflect as unknown as Record<string, unknown>;

function own(target: object, create: boolean): Map<unknown, unknown> | undefined {
  let map = store.get(target);
  if (!map && create) {
    map = new Map();
    store.set(target, map);
  }
  return map;
}

if (typeof reflect.getMetadata !== 'function') {
  reflect.defineMetadata = (key: unknown, value: unknown, target: object) => {
    own(target, true)?.set(key, value);
  };
  reflect.getOwnMetadata = (key: unknown, target: object) => own(target, false)?.get(key);
  reflect.getMetadata = (key: unknown, target: object) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const map = own(t, false);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  };
  reflect.metadata = (key: unknown, value: unknown) => (target: object) => {
    own(target, true)?.set(key, value);
  };
}

// A module, not a global script (isolatedModules).
export {};
