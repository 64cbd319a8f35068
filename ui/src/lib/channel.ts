// One shell event, listened to once for the app's whole life and handed to every view that
// subscribes. Views subscribe on each visit; a shell listener added and removed per visit
// leaves about 9 KB behind in WebKit's web process (measured by the long-session probe), which
// a desk open all day would pile up. Subscribing here only adds a function to a set.

export type Unlisten = () => void;

/** How the bindings listen to one event: the callback gets `{ payload }`, the promise the unlisten. */
export type Listen<T> = (callback: (event: { payload: T }) => void) => Promise<() => void>;

/** A subscribe function for one event: `subscribe(handler)` returns the unsubscribe (idempotent). */
export function channel<T>(listen: Listen<T>): (handler: (payload: T) => void) => Unlisten {
  const handlers = new Set<(payload: T) => void>();
  let listening = false;
  return (handler) => {
    // Wrapped, so one function subscribed twice is two subscriptions.
    const own = (payload: T) => handler(payload);
    handlers.add(own);
    if (!listening) {
      listening = true;
      listen((event) => {
        for (const h of [...handlers]) h(event.payload);
      }).catch(() => {
        // Outside the shell (a plain browser): no events; the next subscription tries again.
        listening = false;
      });
    }
    return () => {
      handlers.delete(own);
    };
  };
}
