import { useCallback, useState } from 'react';

/** useState that survives reloads (localStorage), for the agent's own preferences such as filters. */
export function usePersistentState<T>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      if (raw === null) return initial;
      const parsed = JSON.parse(raw) as unknown;
      // A stored value of another shape (an older version of the app) is ignored rather than trusted.
      if (typeof parsed !== typeof initial || Array.isArray(parsed) !== Array.isArray(initial)) return initial;
      return typeof initial === 'object' && initial !== null ? { ...initial, ...(parsed as object) } : (parsed as T);
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (next: T) => {
      setValue(next);
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // storage disabled: the preference lasts for this page
      }
    },
    [key],
  );
  return [value, set];
}
