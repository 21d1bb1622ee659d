/**
 * Remembers the Content Security Policy violations a document reports, so an element can tell a request the
 * page's own policy blocked from a network or CORS failure: fetch rejects with the same bare TypeError for
 * all of them, and only the `securitypolicyviolation` event says which it was.
 */
export class CspViolations {
  private readonly seen: Array<{ origin: string; directive: string }> = [];
  private readonly listener = (event: SecurityPolicyViolationEvent) => {
    const origin = originOf(event.blockedURI);
    if (origin === undefined) return;
    this.seen.push({ origin, directive: event.effectiveDirective || event.violatedDirective });
    if (this.seen.length > 20) this.seen.shift();
  };

  constructor(private readonly target: Document) {}

  start(): void {
    this.target.addEventListener('securitypolicyviolation', this.listener);
  }

  stop(): void {
    this.target.removeEventListener('securitypolicyviolation', this.listener);
    this.seen.length = 0;
  }

  /**
   * The directive that blocked a request to `url`, if the page's policy did. The event is queued as a task
   * of its own and may arrive after the failed fetch, so this waits up to `waitMs` for it.
   */
  async blocking(url: string, waitMs = 150): Promise<string | undefined> {
    const origin = originOf(url);
    if (origin === undefined) return undefined;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const hit = this.seen.find((violation) => violation.origin === origin);
      if (hit) return hit.directive;
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
