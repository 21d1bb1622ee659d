import { css } from 'lit';
import { styles as formStyles } from '../shared/form-styles.js';

/* The CSR studio's form, button and field styles (which include the shared tokens), plus the ACME steps. */
export const styles = [
  ...formStyles,
  css`
    .steps {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0 0 1rem;
      padding: 0;
      list-style: none;
      counter-reset: step;
    }

    .steps li {
      counter-increment: step;
      color: var(--_muted);
    }

    .steps li::before {
      content: counter(step) '. ';
    }

    .steps li[aria-current='step'] {
      color: var(--_text);
      font-weight: 700;
      text-decoration: underline;
      text-underline-offset: 0.25em;
    }

    section.step {
      margin-block: 1rem;
      padding: 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      display: grid;
      gap: 0.75rem;
    }

    section.step > h3 {
      margin: 0;
      font-size: 1.125rem;
    }

    h4 {
      margin: 0.5rem 0 0;
      font-size: 1rem;
    }

    .directory {
      display: grid;
      gap: 0.375rem;
      margin-block-end: 0.75rem;
    }

    .directory .row {
      display: flex;
      gap: 0.5rem;
    }

    .directory .row input {
      flex: 1;
      min-width: 0;
    }

    input[type='url'],
    input[type='email'] {
      width: 100%;
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_background);
      font: inherit;
      color: inherit;
    }

    .challenge {
      padding: 0.75rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      display: grid;
      gap: 0.5rem;
    }

    .copyable {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0.25rem 0.5rem;
      align-items: center;
    }

    .copyable label {
      grid-column: 1 / -1;
    }

    .copyable output,
    .copyable .value {
      display: block;
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      font-family: var(--_mono);
      font-size: 0.85rem;
      overflow-wrap: anywhere;
      white-space: pre-wrap;
      user-select: all;
    }

    .reasons {
      display: grid;
      gap: 0.5rem;
    }

    .reason {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0 0.5rem;
      padding: 0.5rem;
      border: 1px solid var(--_surface);
      border-radius: var(--_radius);
    }

    .reason .hint {
      grid-column: 2;
    }

    .check .hint {
      flex-basis: 100%;
    }

    .option {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0 0.5rem;
      align-items: baseline;
    }

    .option .hint {
      grid-column: 2;
    }

    .countdown {
      font-variant-numeric: tabular-nums;
    }

    .confirm {
      padding: 0.75rem 1rem;
      border-inline-start: 6px solid var(--_error);
      background: var(--_error-background);
    }

    a {
      color: var(--_accent);
    }

    button.link {
      min-height: auto;
      padding: 0;
      border: none;
      background: none;
      color: var(--_accent);
      text-decoration: underline;
    }
  `,
];
