import { css } from 'lit';
import { baseStyles, errorStyles } from './base-styles.js';
import { tokenStyles } from './token-styles.js';

/*
 * The form look of <shirushi-csr> and <shirushi-keys>, which <shirushi-acme> and <shirushi-vault> build on,
 * on top of the common tokens in ./base-styles.ts.
 */
export const styles = [
  baseStyles,
  errorStyles,
  css`
    input,
    select,
    textarea,
    button {
      font: inherit;
      color: inherit;
    }

    input[type='text'],
    input[type='password'],
    select,
    textarea {
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_background);
    }

    input[type='text'],
    input[type='password'],
    textarea {
      width: 100%;
    }

    input[aria-invalid='true'],
    textarea[aria-invalid='true'],
    select[aria-invalid='true'] {
      border-color: var(--_error);
      border-width: 2px;
      box-shadow: 0 0 0 1px var(--_error);
    }

    textarea {
      min-height: 6rem;
      font-family: var(--_mono);
      font-size: 0.9rem;
      resize: vertical;
    }

    textarea.pem {
      min-height: 12rem;
      font-size: 0.8rem;
    }

    form,
    /* minmax(0, 1fr) and min-inline-size: 0 let a field shrink below its widest content (a long option,
       a file input's text), so a phone never scrolls sideways; fieldsets default to min-content. */
    .field,
    fieldset {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.375rem;
      min-inline-size: 0;
    }

    select,
    input {
      max-width: 100%;
    }

    form {
      gap: 1rem;
    }

    fieldset {
      margin: 0;
      padding: 0.75rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }

    legend,
    label {
      font-weight: 600;
    }

    .check {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
    }

    .hint {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875rem;
    }

    .intro {
      margin-block-end: 1rem;
    }

    .warning {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border-inline-start: 6px solid var(--_warning);
      background: var(--_warning-background);
      color: var(--_text);
    }

    .findings {
      margin: 0;
      padding: 0;
      list-style: none;
      display: grid;
      gap: 0.25rem;
    }

    .finding {
      padding: 0.25rem 0.5rem;
      border-inline-start: 4px solid var(--_muted);
      font-size: 0.9rem;
    }

    .finding[data-severity='error'] {
      border-color: var(--_error);
      background: var(--_error-background);
      color: var(--_error);
    }

    .finding[data-severity='warning'] {
      border-color: var(--_warning);
      background: var(--_warning-background);
    }

    .finding code {
      font-size: 0.8rem;
      color: var(--_muted);
    }

    details.code {
      display: inline-block;
      font-size: 0.8rem;
      color: var(--_muted);
    }

    details.code summary {
      cursor: pointer;
    }

    .note {
      margin: 0.25rem 0 0;
      padding: 0.25rem 0.5rem;
      border-inline-start: 4px solid var(--_accent);
      font-size: 0.9rem;
      overflow-wrap: anywhere;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
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

    button.danger {
      border-color: var(--_error);
      color: var(--_error);
    }

    button:hover {
      text-decoration: underline;
    }

    button:disabled,
    button[aria-disabled='true'] {
      cursor: not-allowed;
      opacity: 0.6;
    }

    .status {
      min-height: 1.6em;
      margin: 0.5rem 0;
      color: var(--_muted);
    }

    progress {
      width: 100%;
    }

    .result,
    .key {
      margin-block: 1rem;
      padding: 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      display: grid;
      gap: 0.75rem;
    }

    .result h3,
    .key h3 {
      margin: 0;
      font-size: 1.125rem;
    }

    dl {
      margin: 0;
    }

    .fields > div {
      display: grid;
      grid-template-columns: minmax(8rem, 12rem) 1fr;
      gap: 0.25rem 1rem;
      padding-block: 0.375rem;
      border-block-start: 1px solid var(--_surface);
    }

    @container (max-width: 30rem) {
      .fields > div {
        grid-template-columns: 1fr;
      }
    }

    dt {
      font-weight: 600;
    }

    dd {
      margin: 0;
      min-width: 0;
      overflow-wrap: anywhere;
    }

    code,
    .mono {
      font-family: var(--_mono);
      font-size: 0.85rem;
    }

    ul {
      margin: 0;
      padding-inline-start: 1.25rem;
    }

    .muted {
      color: var(--_muted);
    }

    .valid {
      color: var(--_valid);
      font-weight: 600;
    }

    .invalid {
      color: var(--_error);
      font-weight: 600;
    }

    .keys {
      margin: 0;
      padding: 0;
      list-style: none;
    }

    /* Key location and the hardware-token section. */
    .key-location .check {
      flex-wrap: wrap;
    }

    .key-location .check .hint {
      flex-basis: 100%;
      padding-inline-start: 1.5rem;
    }
  `,
  tokenStyles,
  css`
    .error .error-hint {
      color: var(--_text);
    }
  `,
];
