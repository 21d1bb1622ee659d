import { css } from 'lit';

/* The hardware-token sections of <shirushi-csr> and <shirushi-vault>: the transport list and the connection line. */
export const tokenStyles = css`
  .transports {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .transport {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    align-items: baseline;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .transport-name {
    font-weight: 600;
  }

  .transport .reason {
    flex-basis: 100%;
    margin: 0;
    font-size: 0.875rem;
  }

  .connected {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: baseline;
  }

  .connected p {
    margin: 0;
    font-weight: 600;
  }

  .tries {
    font-weight: normal;
  }
`;
