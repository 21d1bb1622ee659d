import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import {
  ShirushiError,
  bytesToHex,
  encodePem,
  formatHex,
  parseCertificates,
  type CertificateInfo,
  type CertificatePolicy,
  type DistinguishedName,
  type DistributionPoint,
  type PublicKeyInfo,
  type RawExtension,
  type SubjectAltNames,
} from '../../src/index.js';
import { asShirushiError } from '../../src/errors/shirushi-error.js';
import { daysLeft, displayHost, formatJst, validityStatus } from '../shared/format.js';
import { translator, type LabelKey, type Translate } from './strings.js';
import { languageSwitch } from '../shared/language-switch.js';
import { styles } from './styles.js';
import { LocalizedElement } from '../shared/localized-element.js';

/** Largest file the viewer reads; certificates and bundles are far smaller, so anything bigger is a mistake. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

const ACCEPTED_FILES =
  '.pem,.crt,.cer,.der,application/x-pem-file,application/pkix-cert,application/x-x509-ca-cert';

export interface ParsedEventDetail {
  certificates: CertificateInfo[];
}

export interface ErrorEventDetail {
  error: ShirushiError;
}

/**
 * Reads X.509 certificates in the browser and shows every field, in Japanese or English.
 * Nothing is sent anywhere: text and files are parsed locally by the shirushi core.
 *
 * @summary Paste, pick or drop certificates (PEM, base64 or DER) and read every field, in Japanese or English.
 *
 * @event {CustomEvent<ParsedEventDetail>} shirushi-parsed - Certificates were read and are now shown. `detail: { certificates: CertificateInfo[] }`.
 * @event {CustomEvent<ErrorEventDetail>} shirushi-error - The input could not be read; the error is also shown in the alert region. `detail: { error: ShirushiError }`.
 *
 * @csspart input - The textarea for PEM or base64 text.
 * @csspart dropzone - The area that accepts dropped files, around the textarea and buttons.
 * @csspart status - The polite live region that says "Reading…" and how many certificates were read.
 * @csspart error - The `role="alert"` region holding the localised error message and its code.
 * @csspart result - The region that holds the rendered certificates.
 * @csspart certificate - One certificate's section.
 * @csspart field - One field of a certificate: a `div` around a `dt`/`dd` pair.
 *
 * @cssprop [--shirushi-font-family=system-ui, 'Hiragino Sans', 'Noto Sans JP', Meiryo, sans-serif] - Text font.
 * @cssprop [--shirushi-font-family-mono=ui-monospace, monospace] - Font for hex, PEM and OIDs.
 * @cssprop [--shirushi-color-text=#1b1b1f] - Text colour.
 * @cssprop [--shirushi-color-muted=#4a4a55] - Secondary text colour.
 * @cssprop [--shirushi-color-background=#ffffff] - Background colour.
 * @cssprop [--shirushi-color-surface=#f4f5f7] - Background of the drop zone and table headers.
 * @cssprop [--shirushi-color-border=#8a8f98] - Border colour.
 * @cssprop [--shirushi-color-accent=#0b57d0] - Buttons and links.
 * @cssprop [--shirushi-color-accent-text=#ffffff] - Text on the primary button.
 * @cssprop [--shirushi-color-error=#a3000f] - Error text and border.
 * @cssprop [--shirushi-color-error-background=#fff1f1] - Error background.
 * @cssprop [--shirushi-color-valid=#0a6131] - "Within validity" badge.
 * @cssprop [--shirushi-color-invalid=#a3000f] - "Expired" and "Not yet valid" badges.
 * @cssprop [--shirushi-focus-ring=#0b57d0] - Focus outline colour.
 * @cssprop [--shirushi-radius=6px] - Corner radius.
 */
@customElement('shirushi-certificate-viewer')
export class ShirushiCertificateViewer extends LocalizedElement {
  static override styles = styles;

  /**
   * PEM text (one or several certificates) or bare base64. Setting it shows what it holds,
   * or the error; setting it to `''` clears the view.
   */
  @property()
  get value(): string {
    return this.text;
  }
  set value(text: string | null | undefined) {
    this.text = text ?? '';
    if (this.text.trim() === '') this.reset();
    else this.parse(this.text);
  }

  /** The time the validity status is judged against. Unset means the current time; tests pin it. */
  @property({ attribute: false })
  now?: Date;

  /** The certificates currently shown, in input order. */
  get certificates(): readonly CertificateInfo[] {
    return this.shown;
  }

  @state() private shown: CertificateInfo[] = [];
  @state() private failure?: ShirushiError;
  @state() private failedFile?: string;
  @state() private busy = false;
  @state() private dragging = false;

  @query('input[type="file"]') private fileInput!: HTMLInputElement;

  private text = '';
  /** Bumped by every new input, so a slow file read cannot overwrite what was shown after it started. */
  private generation = 0;

  /**
   * Shows the certificates in `input`: PEM or base64 text, or the bytes of a DER or PEM file.
   * Errors are not thrown; they are shown in the alert region and sent as `shirushi-error`.
   * @returns {CertificateInfo[]} The certificates read, or an empty array when the input could not be read.
   */
  show(input: string | Uint8Array): CertificateInfo[] {
    // Bytes have no faithful text form, so the textarea is cleared rather than left contradicting the result.
    this.text = typeof input === 'string' ? input : '';
    this.requestUpdate('value');
    return this.parse(input);
  }

  private parse(input: string | Uint8Array): CertificateInfo[] {
    this.generation++;
    this.failedFile = undefined;
    try {
      const certificates = parseCertificates(input);
      this.succeed(certificates);
      return certificates;
    } catch (thrown) {
      this.fail(thrown);
      return [];
    }
  }

  private reset(): void {
    this.generation++;
    this.shown = [];
    this.failure = undefined;
    this.failedFile = undefined;
  }

  private succeed(certificates: CertificateInfo[]): void {
    this.shown = certificates;
    this.failure = undefined;
    this.dispatchEvent(
      new CustomEvent<ParsedEventDetail>('shirushi-parsed', {
        detail: { certificates },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private fail(thrown: unknown): void {
    // Only ShirushiError reaches callers, so they can always branch on `code`.
    const error = asShirushiError(thrown, 'internal/unexpected');
    this.shown = [];
    this.failure = error;
    this.dispatchEvent(
      new CustomEvent<ErrorEventDetail>('shirushi-error', {
        detail: { error },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private async readFiles(files: readonly File[]): Promise<void> {
    if (files.length === 0 || this.busy) return;
    this.reset();
    const generation = this.generation;
    this.busy = true;
    const certificates: CertificateInfo[] = [];
    try {
      // Let "Reading…" render before the synchronous parse of a large file holds the main thread.
      await this.updateComplete;
      for (const file of files) {
        this.failedFile = file.name;
        if (file.size > MAX_FILE_BYTES) {
          throw new ShirushiError('input/too-large', { size: file.size, limit: MAX_FILE_BYTES });
        }
        const bytes = new Uint8Array(await file.arrayBuffer());
        if (generation !== this.generation) return;
        certificates.push(...parseCertificates(bytes));
      }
      this.failedFile = undefined;
      this.text = '';
      this.succeed(certificates);
    } catch (thrown) {
      if (generation === this.generation) this.fail(thrown);
    } finally {
      this.busy = false;
    }
  }

  private onInput(event: InputEvent): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    // Parsing every keystroke would flash errors at screen reader users mid-typing; a paste is complete input.
    if (event.inputType === 'insertFromPaste' || event.inputType === 'insertFromDrop') this.parse(this.text);
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.parse(this.text);
    }
  }

  private onShow(): void {
    this.parse(this.text);
  }

  private onClear(): void {
    this.text = '';
    this.requestUpdate('value');
    this.reset();
  }

  private onFileChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    void this.readFiles([...(input.files ?? [])]);
    // Choosing the same file again should read it again.
    input.value = '';
  }

  private onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  private onDragLeave(event: DragEvent): void {
    // dragleave also fires when moving onto a child; only the zone's own edge ends the drag.
    const to = event.relatedTarget as Node | null;
    if (!to || !(event.currentTarget as HTMLElement).contains(to)) this.dragging = false;
  }

  private onDrop(event: DragEvent): void {
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return; // dropped text goes into the textarea as usual
    event.preventDefault();
    void this.readFiles(files);
  }

  override render(): TemplateResult {
    const locale = this.lang;
    const t = translator(locale);
    return html`
      <div class="viewer" lang=${locale}>
        <div class="toolbar">
          <h2 class="title">${t('ui/viewer/title')}</h2>
          ${this.renderLanguageSwitch()}
        </div>
        ${this.renderInput(t)} ${this.renderStatus(t)} ${this.renderError(t)}
        <div class="result" part="result" aria-busy=${this.busy ? 'true' : 'false'}>
          ${this.shown.map((info, index) => this.renderCertificate(info, index, t))}
        </div>
      </div>
    `;
  }

  private renderLanguageSwitch(): TemplateResult {
    return languageSwitch(this.lang, this.onLanguageChange);
  }

  private renderInput(t: Translate): TemplateResult {
    return html`
      <div
        class="dropzone ${this.dragging ? 'dragging' : ''}"
        part="dropzone"
        @dragover=${this.onDragOver}
        @dragleave=${this.onDragLeave}
        @drop=${this.onDrop}
      >
        <label for="input">${t('ui/viewer/input-label')}</label>
        <textarea
          id="input"
          part="input"
          spellcheck="false"
          autocomplete="off"
          aria-describedby="drop-hint shortcut-hint"
          .value=${live(this.text)}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
        ></textarea>
        <p class="hint" id="drop-hint">
          ${t('ui/viewer/drop-here', { limit: MAX_FILE_BYTES / 1024 / 1024 })}
        </p>
        <p class="hint" id="shortcut-hint">${t('ui/viewer/shortcut')}</p>
        <div class="actions">
          <button type="button" class="primary" ?disabled=${this.busy} @click=${this.onShow}>
            ${t('ui/viewer/show')}
          </button>
          <button
            type="button"
            ?disabled=${this.busy}
            aria-describedby="drop-hint"
            @click=${() => this.fileInput.click()}
          >
            ${t('ui/viewer/choose-file')}
          </button>
          <button type="button" ?disabled=${this.busy} @click=${this.onClear}>${t('ui/viewer/clear')}</button>
        </div>
        <input
          type="file"
          class="visually-hidden"
          tabindex="-1"
          aria-label=${t('ui/viewer/file-label')}
          accept=${ACCEPTED_FILES}
          multiple
          @change=${this.onFileChosen}
        />
      </div>
    `;
  }

  private renderStatus(t: Translate): TemplateResult {
    let message = '';
    if (this.busy) message = t('ui/viewer/parsing');
    else if (this.shown.length > 0) message = t('ui/viewer/parsed-count', { count: this.shown.length });
    return html`<p class="status" part="status" role="status">${message}</p>`;
  }

  private renderError(t: Translate): TemplateResult {
    // The alert region stays in the DOM so that screen readers announce content added to it.
    const error = this.failure;
    return html`
      <div class="error ${error ? 'shown' : ''}" part="error" role="alert">
        ${
          error
            ? html`
                <strong>${t('ui/viewer/error')}</strong>
                <p class="message">${error.localized(this.lang)}</p>
                ${this.failedFile ? html`<p>${t('ui/viewer/in-file', { name: this.failedFile })}</p>` : nothing}
                <p>${t('ui/viewer/error-code')}: <code class="code">${error.code}</code></p>
              `
            : nothing
        }
      </div>
    `;
  }

  private renderCertificate(info: CertificateInfo, index: number, t: Translate): TemplateResult {
    const headingId = `certificate-${index + 1}`;
    const name = info.subject.commonName ?? info.subject.rfc4514;
    return html`
      <section class="certificate" part="certificate" aria-labelledby=${headingId}>
        <h3 id=${headingId}>
          ${t('ui/viewer/certificate-n', { n: index + 1 })}${name ? html`: <bdi>${name}</bdi>` : nothing}
        </h3>
        <dl class="fields">
          ${field('version', t('ui/field/version'), html`v${info.version}`)}
          ${field('serial', t('ui/field/serial'), hex(info.serialNumber))}
          ${field('subject', t('ui/field/subject'), renderName(info.subject, t))}
          ${field('issuer', t('ui/field/issuer'), renderName(info.issuer, t))}
          ${field('self-issued', t('ui/field/self-issued'), t(info.selfIssued ? 'ui/yes' : 'ui/no'))}
          ${field('validity', t('ui/field/validity'), renderValidity(info.validity, t))}
          ${field('status', t('ui/field/status'), this.renderStatusBadge(info.validity, t))}
          ${field('public-key', t('ui/field/public-key'), renderPublicKey(info.publicKey, t))}
          ${field(
            'signature-algorithm',
            t('ui/field/signature-algorithm'),
            html`${info.signatureAlgorithm.name}
              <span class="muted">(<code>${info.signatureAlgorithm.oid}</code>)</span>`,
          )}
          ${field(
            'fingerprints',
            t('ui/field/fingerprints'),
            pairs([
              ['SHA-256', hex(info.fingerprints.sha256)],
              ['SHA-1', hex(info.fingerprints.sha1)],
            ]),
          )}
          ${field('san', t('ui/field/san'), renderAltNames(info.subjectAltNames, t))}
          ${field('key-usage', t('ui/field/key-usage'), renderKeyUsage(info, t))}
          ${field(
            'extended-key-usage',
            t('ui/field/extended-key-usage'),
            info.extendedKeyUsage
              ? list(
                  info.extendedKeyUsage.map((eku) => html`${eku.name} <code class="muted">${eku.oid}</code>`),
                )
              : t('ui/field/none'),
          )}
          ${field('basic-constraints', t('ui/field/basic-constraints'), renderBasicConstraints(info, t))}
          ${field('ski', t('ui/field/ski'), optionalHex(info.subjectKeyIdentifier, t))}
          ${field('aki', t('ui/field/aki'), optionalHex(info.authorityKeyIdentifier, t))}
          ${field('crl-dp', t('ui/field/crl-dp'), renderDistributionPoints(info.crlDistributionPoints, t))}
          ${field(
            'aia',
            t('ui/field/aia'),
            pairs([
              [t('ui/field/ocsp'), urlList(info.authorityInfoAccess.ocsp, t)],
              [t('ui/field/ca-issuers'), urlList(info.authorityInfoAccess.caIssuers, t)],
            ]),
          )}
          ${field('validation-level', t('ui/field/validation-level'), renderLevel(info, t))}
          ${field('policies', t('ui/field/policies'), renderPolicies(info.policies, t))}
          ${field(
            'sct',
            t('ui/field/sct'),
            t(info.hasSctList ? 'ui/field/sct-present' : 'ui/field/sct-absent'),
          )}
          ${field('extensions', t('ui/field/extensions'), renderExtensions(info.extensions, t))}
          ${field('der', t('ui/field/der'), renderDer(info.der, t))}
        </dl>
      </section>
    `;
  }

  private renderStatusBadge(validity: CertificateInfo['validity'], t: Translate): TemplateResult {
    const now = this.now ?? new Date();
    const status = validityStatus(validity, now);
    const left = daysLeft(validity.notAfter, now);
    return html`
      <span class="badge ${status}" data-status=${status}>${t(`ui/status/${status}`)}</span>
      ${status === 'valid' ? html` <span>${t('ui/status/remaining', { days: left })}</span>` : nothing}
      <span class="muted">
        (${t('ui/status/as-of', { time: `${formatJst(now)} ${t('ui/time/jst')}` })})
      </span>
    `;
  }
}

/** One `dt`/`dd` pair; `data-field` gives tests and host CSS a stable hook that does not depend on the language. */
function field(id: string, label: string, value: unknown): TemplateResult {
  return html`
    <div class="field" part="field" data-field=${id}>
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div>
  `;
}

function pairs(entries: readonly (readonly [string, unknown])[]): TemplateResult {
  return html`
    <dl class="pairs">
      ${entries.map(
        ([label, value]) =>
          html`<dt>${label}</dt>
            <dd>${value}</dd>`,
      )}
    </dl>
  `;
}

function list(items: readonly unknown[]): TemplateResult {
  return html`<ul>
    ${items.map((item) => html`<li>${item}</li>`)}
  </ul>`;
}

function hex(value: string): TemplateResult {
  return html`<code class="hex">${formatHex(value)}</code>`;
}

function optionalHex(value: string | undefined, t: Translate): TemplateResult | string {
  return value ? hex(value) : t('ui/field/none');
}

/** URLs stay plain text: a certificate is untrusted input and may carry any scheme. */
function urlList(urls: readonly string[], t: Translate): TemplateResult | string {
  return urls.length > 0
    ? list(urls.map((url) => html`<span class="mono url">${url}</span>`))
    : t('ui/field/none');
}

function renderName(name: DistinguishedName, t: Translate): TemplateResult {
  return html`
    <div><code class="rfc4514" title=${t('ui/field/rfc4514')}>${name.rfc4514}</code></div>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">${t('ui/field/attribute')}</th>
            <th scope="col">${t('ui/field/value')}</th>
            <th scope="col">${t('ui/field/string-type')}</th>
            <th scope="col">${t('ui/field/oid')}</th>
          </tr>
        </thead>
        <tbody>
          ${name.rdns.flat().map(
            (attribute) => html`
              <tr>
                <th scope="row">${attribute.shortName}</th>
                <td><bdi>${attribute.value}</bdi></td>
                <td>${attribute.encoding}</td>
                <td><code>${attribute.oid}</code></td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    </div>
  `;
}

function instant(date: Date, t: Translate): TemplateResult {
  const iso = date.toISOString();
  return html`
    <time datetime=${iso} title=${`${t('ui/time/utc')} ${iso}`}>${formatJst(date)} ${t('ui/time/jst')}</time>
    <span class="muted utc">(${t('ui/time/utc')}: ${iso})</span>
  `;
}

function renderValidity(validity: CertificateInfo['validity'], t: Translate): TemplateResult {
  return pairs([
    [t('ui/field/not-before'), instant(validity.notBefore, t)],
    [t('ui/field/not-after'), instant(validity.notAfter, t)],
  ]);
}

function renderPublicKey(key: PublicKeyInfo, t: Translate): TemplateResult {
  const entries: [string, unknown][] = [
    [t('ui/field/algorithm'), html`${key.algorithm} <code class="muted">${key.algorithmOid}</code>`],
  ];
  if (key.size > 0) entries.push([t('ui/field/key-size'), t('ui/unit/bits', { n: key.size })]);
  if (key.curve) entries.push([t('ui/field/curve'), key.curve]);
  if (key.exponent !== undefined) entries.push([t('ui/field/exponent'), String(key.exponent)]);
  entries.push([t('ui/field/spki-sha256'), hex(key.spkiSha256)]);
  return pairs(entries);
}

function renderAltNames(names: SubjectAltNames, t: Translate): TemplateResult | string {
  const groups: [LabelKey, unknown[]][] = [
    ['ui/san/dns', names.dns.map(renderDnsName)],
    ['ui/san/ip', names.ip.map((ip) => html`<span class="mono">${ip}</span>`)],
    ['ui/san/email', names.email],
    ['ui/san/uri', names.uri.map((uri) => html`<span class="mono url">${uri}</span>`)],
    ['ui/san/other', names.other],
  ];
  const present = groups.filter(([, items]) => items.length > 0);
  if (present.length === 0) return t('ui/field/none');
  return pairs(present.map(([key, items]) => [t(key), list(items)] as const));

  function renderDnsName(dnsName: string): TemplateResult {
    const host = displayHost(dnsName);
    if (host.unicode === host.ascii) return html`<span class="dns">${host.ascii}</span>`;
    return html`<span class="dns"><bdi>${host.unicode}</bdi></span>
      <span class="muted">(${t('ui/field/a-label')}: <span class="mono a-label">${host.ascii}</span>)</span>`;
  }
}

function renderKeyUsage(info: CertificateInfo, t: Translate): TemplateResult | string {
  if (!info.keyUsage) return t('ui/field/none');
  return list(info.keyUsage.map((flag) => html`${t(`ui/ku/${flag}`)} <code class="muted">${flag}</code>`));
}

function renderBasicConstraints(info: CertificateInfo, t: Translate): TemplateResult | string {
  const constraints = info.basicConstraints;
  if (!constraints) return t('ui/field/none');
  const kind = t(constraints.ca ? 'ui/field/ca' : 'ui/field/end-entity');
  if (constraints.pathLength === undefined) return kind;
  return html`${kind}; ${t('ui/field/path-length')}: ${constraints.pathLength}`;
}

function renderDistributionPoints(
  points: readonly DistributionPoint[],
  t: Translate,
): TemplateResult | string {
  if (points.length === 0) return t('ui/field/none');
  return list(
    points.map((point) => {
      const entries: [string, unknown][] = [];
      if (point.urls.length > 0) entries.push(['URL', urlList(point.urls, t)]);
      if (point.names.length > 0) entries.push([t('ui/field/name'), list(point.names)]);
      if (point.reasons) entries.push([t('ui/field/reasons'), point.reasons.join(', ')]);
      if (point.crlIssuer) entries.push([t('ui/field/crl-issuer'), list(point.crlIssuer)]);
      return pairs(entries);
    }),
  );
}

function renderLevel(info: CertificateInfo, t: Translate): string {
  return info.validationLevel ? t(`ui/level/${info.validationLevel}`) : t('ui/field/none');
}

function renderPolicies(policies: readonly CertificatePolicy[], t: Translate): TemplateResult | string {
  if (policies.length === 0) return t('ui/field/none');
  return list(
    policies.map((policy) => {
      const entries: [string, unknown][] = [[t('ui/field/oid'), html`<code>${policy.oid}</code>`]];
      if (policy.name) entries.push([t('ui/field/name'), policy.name]);
      if (policy.cps.length > 0) entries.push([t('ui/field/cps'), urlList(policy.cps, t)]);
      if (policy.userNotices.length > 0) entries.push([t('ui/field/user-notice'), list(policy.userNotices)]);
      return pairs(entries);
    }),
  );
}

function renderExtensions(extensions: readonly RawExtension[], t: Translate): TemplateResult | string {
  if (extensions.length === 0) return t('ui/field/none');
  return html`
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">${t('ui/field/name')} / ${t('ui/field/oid')}</th>
            <th scope="col">${t('ui/field/critical')}</th>
            <th scope="col">${t('ui/field/value')}</th>
          </tr>
        </thead>
        <tbody>
          ${extensions.map(
            (extension) => html`
              <tr>
                <th scope="row">
                  ${extension.name ? html`<span class="extension-name">${extension.name}</span><br />` : nothing}
                  <code class="oid">${extension.oid}</code>
                </th>
                <td class="nowrap">${t(extension.critical ? 'ui/yes' : 'ui/no')}</td>
                <td>
                  <details>
                    <summary class="nowrap">${t('ui/unit/bytes', { n: extension.value.length })}</summary>
                    <code class="hex">${formatHex(bytesToHex(extension.value))}</code>
                  </details>
                </td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    </div>
  `;
}

function renderDer(der: Uint8Array, t: Translate): TemplateResult {
  return html`
    ${t('ui/unit/bytes', { n: der.length })}
    <details>
      <summary>${t('ui/field/pem')}</summary>
      <pre>${encodePem('CERTIFICATE', der)}</pre>
    </details>
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'shirushi-certificate-viewer': ShirushiCertificateViewer;
  }
  interface HTMLElementEventMap {
    'shirushi-parsed': CustomEvent<ParsedEventDetail>;
    'shirushi-error': CustomEvent<ErrorEventDetail>;
  }
}
