import { css } from 'lit';
import { baseStyles, errorStyles } from '../shared/base-styles.js';

/* <shirushi-certificate-viewer>, on top of the common tokens in ../shared/base-styles.ts. */
export const styles = [
  baseStyles,
  errorStyles,
  css`
    select,
    textarea,
    button {
      font: inherit;
      color: inherit;
    }

    select {
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_background);
    }

    .dropzone {
      display: grid;
      gap: 0.5rem;
      padding: 0.75rem;
      border: 2px dashed var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }

    .dropzone.dragging {
      border-color: var(--_accent);
      border-style: solid;
    }

    label {
      font-weight: 600;
    }

    textarea {
      width: 100%;
      min-height: 8rem;
      padding: 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_background);
      font-family: var(--_mono);
      font-size: 0.85rem;
      resize: vertical;
    }

    .hint {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875rem;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }

    button {
      min-height: 2.5rem;
      padding: 0.375rem 1rem;
      border: 1px solid var(--_accent);
      border-radius: var(--_radius);
      background: var(--_background);
      color: var(--_accent);
      cursor: pointer;
    }

    button.primary {
      background: var(--_accent);
      color: var(--_accent-text);
    }

    button:hover {
      text-decoration: underline;
    }

    button:disabled {
      cursor: progress;
      opacity: 0.7;
    }

    .status {
      min-height: 1.6em;
      margin: 0.5rem 0;
      color: var(--_muted);
    }

    .error strong {
      display: block;
    }

    .certificate {
      margin-block: 1rem;
      padding: 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }

    .certificate h3 {
      margin: 0 0 0.75rem;
      font-size: 1.125rem;
    }

    dl {
      margin: 0;
    }

    .fields > .field {
      display: grid;
      grid-template-columns: minmax(10rem, 14rem) 1fr;
      gap: 0.25rem 1rem;
      padding-block: 0.5rem;
      border-block-start: 1px solid var(--_surface);
    }

    dt {
      font-weight: 600;
    }

    dd {
      margin: 0;
      min-width: 0;
    }

    .pairs {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.125rem 0.75rem;
    }

    .pairs dt {
      color: var(--_muted);
      font-weight: 500;
    }

    code,
    pre,
    .mono {
      font-family: var(--_mono);
      font-size: 0.85rem;
      overflow-wrap: break-word;
    }

    /* Long unbroken runs (hex, base64, URLs) may break anywhere; names and OIDs only when they must. */
    .hex,
    .url,
    .rfc4514,
    pre {
      overflow-wrap: anywhere;
    }

    pre {
      white-space: pre-wrap;
      margin: 0.5rem 0 0;
    }

    ul {
      margin: 0;
      padding-inline-start: 1.25rem;
    }

    .table-wrap {
      overflow-x: auto;
    }

    table {
      border-collapse: collapse;
      margin-block-start: 0.5rem;
      width: 100%;
    }

    th,
    td {
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--_surface);
      text-align: start;
      vertical-align: top;
      overflow-wrap: break-word;
    }

    th {
      background: var(--_surface);
    }

    th .oid {
      font-weight: normal;
    }

    /* camelCase extension names have no break opportunities of their own. */
    .extension-name {
      overflow-wrap: anywhere;
    }

    .nowrap {
      white-space: nowrap;
    }

    .muted {
      color: var(--_muted);
    }

    .badge {
      display: inline-block;
      padding: 0 0.5rem;
      border: 1px solid currentColor;
      border-radius: 999px;
      font-weight: 600;
    }

    .badge.valid {
      color: var(--_valid);
    }

    .badge.expired,
    .badge.not-yet-valid {
      color: var(--_invalid);
    }

    @container (max-width: 40rem) {
      .fields > .field,
      .pairs {
        grid-template-columns: 1fr;
      }

      .pairs dd + dt {
        margin-block-start: 0.25rem;
      }

      .certificate {
        padding: 0.75rem 0.5rem;
      }

      th,
      td {
        padding: 0.25rem;
      }
    }

    details summary {
      cursor: pointer;
      color: var(--_accent);
    }
  `,
];
