import { css } from 'lit';
import { styles as formStyles } from '../shared/form-styles.js';
import { tokenStyles } from '../shared/token-styles.js';

/* The CSR studio's form, button and field styles (which include the shared tokens), plus the vault's own. */
export const styles = [
  ...formStyles,
  css`
    section.panel {
      margin-block: 1rem;
      padding: 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      display: grid;
      gap: 0.75rem;
    }

    section.panel > h3,
    section.panel > h4,
    .detail h3 {
      margin: 0;
      font-size: 1.125rem;
    }

    h4 {
      margin: 0.5rem 0 0;
      font-size: 1rem;
    }

    .drop {
      display: grid;
      place-items: center;
      min-height: 4.5rem;
      padding: 0.75rem;
      border: 2px dashed var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_muted);
      text-align: center;
    }

    .drop.dragging {
      border-color: var(--_accent);
      color: var(--_text);
    }

    input[type='search'],
    input[type='date'],
    input[type='file'] {
      font: inherit;
      color: inherit;
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_background);
      max-width: 100%;
    }

    input[type='search'] {
      width: 100%;
    }

    .filters {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
      gap: 0.75rem;
    }

    details > summary {
      cursor: pointer;
      font-weight: 600;
    }

    .list {
      margin: 0;
      padding: 0;
      list-style: none;
      display: grid;
      gap: 0.375rem;
    }

    .row {
      display: grid;
      width: 100%;
      gap: 0.125rem 1rem;
      grid-template-columns: 1fr auto;
      text-align: start;
      color: var(--_text);
      border-color: var(--_border);
      padding: 0.5rem 0.75rem;
    }

    .row[aria-current='true'] {
      border-color: var(--_accent);
      border-width: 2px;
      background: var(--_surface);
    }

    .row .name {
      font-weight: 600;
      overflow-wrap: anywhere;
    }

    .row .meta {
      color: var(--_muted);
      font-size: 0.875rem;
      overflow-wrap: anywhere;
    }

    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      align-items: start;
      justify-content: end;
    }

    .chip {
      display: inline-block;
      padding: 0 0.5rem;
      border: 1px solid currentColor;
      border-radius: 999px;
      font-size: 0.8rem;
      font-weight: 600;
      white-space: nowrap;
      background: var(--_background);
    }

    .chip[data-status='valid'] {
      color: var(--_valid);
    }

    .chip[data-status='expiring'],
    .chip[data-status='renewal-open'],
    .chip[data-status='not-yet-valid'] {
      color: var(--_warning);
      background: var(--_warning-background);
    }

    .chip[data-status='expired'],
    .chip[data-status='revoked'] {
      color: var(--_error);
      background: var(--_error-background);
    }

    .chip[data-status='key-missing'] {
      color: var(--_muted);
    }

    .banner {
      padding: 0.75rem 1rem;
      border: 1px solid var(--_warning);
      border-inline-start-width: 6px;
      border-radius: var(--_radius);
      background: var(--_warning-background);
      display: grid;
      gap: 0.5rem;
    }

    .banner h3 {
      margin: 0;
      font-size: 1rem;
    }

    .timeline {
      margin: 0;
      display: grid;
      gap: 0.25rem;
    }

    .timeline svg {
      max-width: 100%;
      height: auto;
      font-size: 11px;
      font-family: inherit;
    }

    .timeline .label {
      fill: var(--_text);
    }

    .timeline .validity {
      fill: var(--_surface);
      stroke: var(--_border);
    }

    .timeline .track[data-status='expired'] .validity,
    .timeline .track[data-status='revoked'] .validity {
      fill: var(--_error-background);
      stroke: var(--_error);
    }

    .timeline .window {
      fill: var(--_warning);
      opacity: 0.55;
    }

    .timeline .notice {
      stroke: var(--_text);
      stroke-width: 2;
    }

    .timeline .axis line {
      stroke: var(--_surface);
    }

    .timeline .axis text {
      fill: var(--_muted);
    }

    .timeline .now {
      stroke: var(--_error);
      stroke-width: 2;
    }

    .timeline .now-label {
      fill: var(--_error);
    }

    .detail {
      display: grid;
      gap: 0.75rem;
    }

    .detail-header {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      justify-content: space-between;
    }

    .chain {
      margin: 0;
      padding-inline-start: 1.5rem;
    }

    .forms {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
      gap: 0.75rem;
    }

    .confirm {
      padding: 0.75rem;
      border: 1px solid var(--_error);
      border-radius: var(--_radius);
    }

    .utc {
      font-size: 0.8rem;
    }

    .verified {
      color: var(--_valid);
      font-weight: 600;
    }

    .warning {
      color: var(--_warning);
    }

    .problems {
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--_warning);
      border-radius: var(--_radius);
      background: var(--_warning-background);
    }

    .problems p,
    .problems ul {
      margin: 0.25rem 0;
    }

    [data-form='token-write'] {
      display: grid;
      gap: 0.75rem;
    }

    [data-form='token-write'] fieldset {
      display: grid;
      gap: 0.375rem;
      margin: 0;
      padding: 0.75rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
  `,
  tokenStyles,
];
