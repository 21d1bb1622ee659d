import { css } from 'lit';

/*
 * What every shirushi element shares: the themable colour and font tokens (custom properties on the host),
 * box sizing and the focus ring. Colours are chosen for at least 4.5:1 contrast on the default background;
 * hosts that override the custom properties take over that responsibility.
 */
export const baseStyles = css`
  :host {
    --_text: var(--shirushi-color-text, #1b1b1f);
    --_muted: var(--shirushi-color-muted, #4a4a55);
    --_background: var(--shirushi-color-background, #ffffff);
    --_surface: var(--shirushi-color-surface, #f4f5f7);
    --_border: var(--shirushi-color-border, #8a8f98);
    --_accent: var(--shirushi-color-accent, #0b57d0);
    --_accent-text: var(--shirushi-color-accent-text, #ffffff);
    --_error: var(--shirushi-color-error, #a3000f);
    --_error-background: var(--shirushi-color-error-background, #fff1f1);
    --_warning: var(--shirushi-color-warning, #7a4a00);
    --_warning-background: var(--shirushi-color-warning-background, #fff6e0);
    --_valid: var(--shirushi-color-valid, #0a6131);
    --_invalid: var(--shirushi-color-invalid, #a3000f);
    --_focus: var(--shirushi-focus-ring, #0b57d0);
    --_radius: var(--shirushi-radius, 6px);
    --_mono: var(
      --shirushi-font-family-mono,
      ui-monospace,
      'SFMono-Regular',
      'Cascadia Mono',
      'Noto Sans Mono',
      Menlo,
      monospace
    );

    display: block;
    container-type: inline-size;
    color: var(--_text);
    background: var(--_background);
    font-family: var(
      --shirushi-font-family,
      system-ui,
      -apple-system,
      'Hiragino Sans',
      'Hiragino Kaku Gothic ProN',
      'Noto Sans JP',
      Meiryo,
      sans-serif
    );
    line-height: 1.6;
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  /* The header every element shows: its title and the language switch (./language-switch.ts). */
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
    margin-block-end: 0.75rem;
  }

  .title {
    margin: 0;
    font-size: 1.25rem;
  }

  .language {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }

  /* Read by screen readers, not shown. */
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** The error box of the elements that report a failure in place (`.error`, shown with `.shown`). */
export const errorStyles = css`
  .error {
    margin: 0.5rem 0;
  }

  .error.shown {
    padding: 0.75rem 1rem;
    border: 1px solid var(--_error);
    border-inline-start-width: 6px;
    border-radius: var(--_radius);
    background: var(--_error-background);
    color: var(--_error);
  }

  .error p {
    margin: 0.25rem 0 0;
  }
`;
