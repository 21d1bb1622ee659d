import { css } from 'lit';
import { baseStyles } from '../shared/base-styles.js';

/*
 * <shirushi-verification>, on top of the common tokens in ../shared/base-styles.ts. The verdict colours
 * reuse the valid / warning / error tokens, which keep at least 4.5:1 contrast on their backgrounds; the
 * tone is also spelled out in words and an icon-free heading, so colour is never the only signal.
 */
export const styles = [
  baseStyles,
  css`
    :host {
      max-width: 56rem;
      margin-inline: auto;
      padding: 1rem;
    }

    header {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      justify-content: space-between;
      margin-block-end: 0.5rem;
    }

    h1 {
      margin: 0;
      font-size: 1.4rem;
    }

    h2 {
      margin: 1.5rem 0 0.5rem;
      font-size: 1.1rem;
    }

    select,
    button {
      font: inherit;
      color: inherit;
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_background);
      min-height: 2.25rem;
    }

    button {
      cursor: pointer;
    }

    .disclaimer {
      padding: 0.5rem 0.75rem;
      border-inline-start: 4px solid var(--_border);
      background: var(--_surface);
    }

    .verdict {
      margin-block: 1rem;
      padding: 1rem;
      border: 2px solid currentColor;
      border-radius: var(--_radius);
    }

    .verdict h2 {
      margin-block-start: 0;
      font-size: 1.3rem;
    }

    .verdict .operator {
      font-size: 1.125rem;
      font-weight: 700;
      overflow-wrap: anywhere;
    }

    .verdict p {
      margin-block: 0.5rem 0;
    }

    .tone-good {
      color: var(--_valid);
      background: #eef8f1;
    }

    .tone-caution {
      color: var(--_warning);
      background: var(--_warning-background);
    }

    .tone-bad {
      color: var(--_error);
      background: var(--_error-background);
    }

    .verdict .owner,
    .verdict .visitor {
      font-weight: 600;
    }

    .progress {
      /* Only after half a second, so a fast check does not flash a spinner. */
      visibility: hidden;
      animation: appear 0s linear 0.5s forwards;
    }

    .progress progress {
      inline-size: min(20rem, 100%);
    }

    @keyframes appear {
      to {
        visibility: visible;
      }
    }

    dl {
      display: grid;
      grid-template-columns: minmax(9rem, max-content) 1fr;
      gap: 0.25rem 1rem;
      margin: 0;
    }

    dt {
      font-weight: 600;
      color: var(--_muted);
    }

    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }

    ul {
      margin: 0;
      padding-inline-start: 1.25rem;
    }

    .mono {
      font-family: var(--_mono);
      font-size: 0.9em;
    }

    .crl {
      margin-block-end: 0.75rem;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }

    .stale {
      color: var(--_warning);
      font-weight: 600;
    }

    .problems li {
      margin-block-end: 0.25rem;
      overflow-wrap: anywhere;
    }

    .code {
      color: var(--_muted);
      font-family: var(--_mono);
      font-size: 0.85em;
    }

    @container (max-width: 32rem) {
      dl {
        grid-template-columns: 1fr;
      }

      dd {
        margin-block-end: 0.5rem;
      }
    }

    @media (forced-colors: active) {
      .verdict {
        border-color: CanvasText;
      }
    }
  `,
];
