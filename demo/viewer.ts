/**
 * Script for the demo pages that embed the certificate viewer: registers the element and wires the
 * "load sample" buttons. Page text lives in the HTML (both languages); this only toggles it.
 */
import '../widgets/certificate-viewer/certificate-viewer.js';
import { createSampleCertificates, type SampleCertificates } from './sample-data.js';

type SampleName = keyof SampleCertificates | 'broken';

// Armour around text that is not base64, to show how the viewer reports a malformed certificate.
const BROKEN_SAMPLE =
  '-----BEGIN CERTIFICATE-----\nこれは証明書ではありません。\n-----END CERTIFICATE-----\n';

function showStatus(state: 'pending' | 'ready' | 'failed'): void {
  for (const message of document.querySelectorAll<HTMLElement>('#sample-status [data-state]')) {
    message.hidden = message.dataset.state !== state;
  }
}

function wireSamples(): void {
  const viewer = document.querySelector('shirushi-certificate-viewer');
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('button[data-sample]')];
  if (!viewer || buttons.length === 0) return;

  const samples = createSampleCertificates();
  samples.then(
    () => {
      for (const button of buttons) button.disabled = false;
      showStatus('ready');
    },
    (error: unknown) => {
      console.error('shirushi demo: could not create sample certificates', error);
      showStatus('failed');
    },
  );

  for (const button of buttons) {
    button.addEventListener('click', async () => {
      const name = button.dataset.sample as SampleName;
      viewer.show(name === 'broken' ? BROKEN_SAMPLE : (await samples)[name]);
    });
  }
}

wireSamples();
