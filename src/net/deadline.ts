/**
 * A signal for one request that fires when the caller's signal does or when `timeoutMs` has passed,
 * whichever comes first; `timedOut()` tells the two apart. Call `dispose()` when the request is over.
 * (AbortSignal.any and AbortSignal.timeout would do this, but not in every browser the package supports.)
 */
export interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  dispose(): void;
}

export function deadline(timeoutMs: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const forward = () => controller.abort(caller?.reason);
  if (caller?.aborted) forward();
  else caller?.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired && !caller?.aborted,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', forward);
    },
  };
}
