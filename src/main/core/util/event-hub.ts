/** A typed publish/subscribe for the core's push events, so every event has one emitter and any number of listeners. */
export interface EventHub<M> {
  on<E extends keyof M>(event: E, listener: (payload: M[E]) => void): () => void;
  emit<E extends keyof M>(event: E, payload: M[E]): void;
}

export function createEventHub<M>(): EventHub<M> {
  const listeners = new Map<keyof M, Set<(payload: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(event, payload) {
      // A copy, so a listener that unsubscribes while being called does not skip its neighbour.
      for (const listener of [...(listeners.get(event) ?? [])]) (listener as (p: typeof payload) => void)(payload);
    },
  };
}
