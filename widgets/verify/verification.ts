import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { pickLocale, type Locale } from '../../src/i18n/strings.js';
import type { SealBrand, SealState } from '../../src/seal/record.js';
import {
  verifySeal,
  type EvaluateSealOptions,
  type LoadSealOptions,
  type SealCrlFacts,
  type SealVerdict,
} from '../../src/seal/verify.js';
import { formatJst } from '../shared/format.js';
import { languageSwitch } from '../shared/language-switch.js';
import { chooseLanguage, onPageLanguageChange } from '../shared/page-language.js';
import { verifyTranslator, type VerifyLabel, type VerifyTranslate } from './strings.js';
import { styles } from './styles.js';

/** What `state` reflects: a verdict's state, or `loading` before there is one. */
export type VerificationElementState = SealVerdict['state'] | 'loading';

export interface VerificationEventDetail {
  id: string;
  state: SealVerdict['state'];
  site: SealVerdict['site']['check'];
}

export type CheckOptions = LoadSealOptions & EvaluateSealOptions;

const localeConverter = {
  // A removed attribute falls back to the page language instead of forcing English.
  fromAttribute: (value: string | null): Locale | undefined =>
    value === null ? undefined : pickLocale(value),
  toAttribute: (value: Locale): string => value,
};

const UTC_FORMAT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/;

/** `2025/04/01 00:00:00`, the same shape as the JST form so the two read side by side. */
function formatUtc(date: Date): string {
  return date
    .toISOString()
    .replace(UTC_FORMAT, '$1/$2/$3 $4')
    .replace(/\.\d+Z$/, '');
}

type RuleKind = 'take-down' | 'one-site' | 'link';

/**
 * The verification page's view of one seal: the verdict in words and colour, what visitors and the site
 * owner should do, and every fact it rests on (certificate, CRLs, the site the seal was shown on, the
 * status file, the time of the check in JST and UTC). Japanese by default, with an English switch.
 *
 * Feed it a `verdict` from `verifySeal` / `evaluateSeal`, or call `check(options)` to load one.
 *
 * @summary Shows whether a site seal's certificate is valid, on the right site and not revoked.
 *
 * @event {CustomEvent<VerificationEventDetail>} shirushi-verification - A verdict is shown. `detail: { id, state, site }`.
 *
 * @csspart verdict - The live region with the verdict headline and what to do.
 *
 * @cssprop [--shirushi-color-valid=#0a6131] - The green of a valid seal on its own site.
 * @cssprop [--shirushi-color-warning=#7a4a00] - The amber of doubtful states.
 * @cssprop [--shirushi-color-error=#a3000f] - The red of invalid states.
 */
@customElement('shirushi-verification')
export class ShirushiVerification extends LitElement {
  static override styles = styles;

  /** The verdict shown; unset while loading. */
  @property({ attribute: false })
  verdict?: SealVerdict;

  /**
   * Display language, `ja` or `en` (any `ja-*` tag counts as Japanese). Defaults to Japanese unless the
   * page's `<html lang>` says English, and follows it when it changes; the language select then switches
   * the whole page. Given by the embedding page (attribute or property), it holds, and the select changes
   * only this element.
   * @type {'ja' | 'en'}
   */
  @property({ converter: localeConverter })
  override get lang(): Locale {
    return this.chosenLang ?? pickLocale(document.documentElement.lang || 'ja');
  }
  override set lang(value: string | null | undefined) {
    const old = this.lang;
    this.chosenLang = value ? pickLocale(value) : undefined;
    this.requestUpdate('lang', old);
  }

  @state() private checking = false;

  private chosenLang?: Locale;
  private stopFollowing?: () => void;
  private lastCheck?: CheckOptions;
  /** Bumped by every check, so a slow one cannot overwrite the verdict of a later one. */
  private generation = 0;

  /** Loads and evaluates a seal (see `verifySeal`), showing progress meanwhile; resolves with the verdict. */
  async check(options: CheckOptions): Promise<SealVerdict> {
    const generation = ++this.generation;
    this.lastCheck = options;
    this.verdict = undefined;
    this.checking = true;
    try {
      const verdict = await verifySeal(options);
      if (generation === this.generation) this.verdict = verdict;
      return verdict;
    } finally {
      if (generation === this.generation) this.checking = false;
    }
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    this.setAttribute('state', this.verdict?.state ?? 'loading');
    this.setAttribute('site', this.verdict?.site.check ?? 'unknown');
    if (changed.has('verdict') && this.verdict) {
      const { id, state: verdictState, site } = this.verdict;
      this.dispatchEvent(
        new CustomEvent<VerificationEventDetail>('shirushi-verification', {
          detail: { id, state: verdictState, site: site.check },
          bubbles: true,
          composed: true,
        }),
      );
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopFollowing = onPageLanguageChange(() => {
      if (!this.chosenLang) this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopFollowing?.();
    this.stopFollowing = undefined;
  }

  /** Switches the page's language, or only this element's when the embedding page gave it a `lang`. */
  private onLanguage(event: Event): void {
    chooseLanguage(this, (event.target as HTMLSelectElement).value, this.chosenLang !== undefined);
    // Re-rendered now rather than when the page's observer reports, so `updateComplete` covers the switch.
    this.requestUpdate();
  }

  override render(): TemplateResult {
    const t = verifyTranslator(this.lang);
    const verdict = this.verdict;
    // The wrapper carries the language the text is in, for screen readers and hyphenation.
    return html`<div lang=${this.lang}>
      <header>
        <h1>${t('title')}</h1>
        ${languageSwitch(this.lang, (event) => this.onLanguage(event))}
      </header>
      <p>${t('intro')}</p>
      <p class="disclaimer">${t('disclaimer')}</p>
      <section
        part="verdict"
        class="verdict ${verdict ? `tone-${verdict.tone}` : ''}"
        role="status"
        aria-live="polite"
        aria-atomic="true"
        aria-busy=${verdict ? 'false' : 'true'}
      >
        ${verdict ? this.renderVerdict(verdict, t) : this.renderProgress(t)}
      </section>
      ${verdict ? this.renderDetails(verdict, t) : nothing}
    </div>`;
  }

  private renderProgress(t: VerifyTranslate): TemplateResult {
    return html`<div class="progress">
      <progress aria-label=${t('loading')}></progress>
      <p>${t('loading')}</p>
    </div>`;
  }

  private headline(verdict: SealVerdict, t: VerifyTranslate): string {
    if (verdict.state === 'valid' && verdict.site.check !== 'match') return t('state/valid-site-unknown');
    if (verdict.state === 'expiring')
      return t('state/expiring', { days: verdict.certificate?.daysLeft ?? 0 });
    return t(`state/${verdict.state}`);
  }

  private explanation(verdict: SealVerdict, t: VerifyTranslate): string {
    const certificate = verdict.certificate;
    switch (verdict.state) {
      case 'valid':
        return verdict.site.check === 'match' ? t('explain/valid') : t('explain/valid-site-unknown');
      case 'expired':
        return t('explain/expired', { notAfter: certificate ? formatJst(certificate.notAfter) : '-' });
      case 'not-yet-valid':
        return t('explain/not-yet-valid', {
          notBefore: certificate ? formatJst(certificate.notBefore) : '-',
        });
      case 'revoked': {
        const revocation = verdict.revocation;
        const params = {
          reason: revocation ? t(`value/reason/${revocation.reason}`) : '-',
          date: revocation?.date ? formatJst(revocation.date) : '-',
          subject: revocation?.subject ?? '',
        };
        return revocation && revocation.certificateIndex > 0
          ? t('explain/revoked-ca', params)
          : t('explain/revoked', params);
      }
      case 'wrong-site':
        return t('explain/wrong-site', { host: verdict.site.host ?? '-' });
      case 'unconfirmed':
        return t(`explain/unconfirmed/${verdict.unconfirmed ?? 'crl-unreachable'}`);
      default:
        return t(`explain/${verdict.state}`);
    }
  }

  private rule(kind: RuleKind, brand: SealBrand | undefined, t: VerifyTranslate): string {
    if (brand === 'jprs' || brand === 'secom') return t(`rule/${kind}/${brand}`);
    // A generic seal's certificate may come from either service, so both rules are quoted.
    return `${t(`rule/${kind}/jprs`)}${t('rule/separator')}${t(`rule/${kind}/secom`)}`;
  }

  private ownerNotice(verdict: SealVerdict, t: VerifyTranslate): string | undefined {
    const brand = verdict.brand;
    switch (verdict.state) {
      case 'expired':
      case 'revoked':
      case 'not-yet-valid':
        return t('owner/remove-now', { rule: this.rule('take-down', brand, t) });
      case 'wrong-site':
        return t('owner/remove-wrong-site', { rule: this.rule('one-site', brand, t) });
      case 'unknown-seal':
      case 'invalid-chain':
        return t('owner/remove-unverifiable', { rule: this.rule('link', brand, t) });
      case 'expiring':
        return t('owner/renew', { rule: this.rule('take-down', brand, t) });
      default:
        return undefined;
    }
  }

  /**
   * Who runs the site, in the banner itself: what a visitor came to learn. Only while the seal can be relied
   * on (valid or expiring, on a site the certificate names); a DV certificate names nobody, and says so.
   */
  private operator(verdict: SealVerdict, t: VerifyTranslate): string | undefined {
    const { certificate, site } = verdict;
    const usable = verdict.state === 'valid' || verdict.state === 'expiring';
    if (!certificate || !usable || site.check !== 'match' || site.host === undefined) return undefined;
    return certificate.organization !== undefined
      ? t('operator/named', { host: site.host, organization: certificate.organization })
      : t('operator/unnamed', { host: site.host });
  }

  private renderVerdict(verdict: SealVerdict, t: VerifyTranslate): TemplateResult {
    const visitor =
      verdict.tone === 'bad'
        ? t('visitor/do-not-rely')
        : verdict.tone === 'caution'
          ? t('visitor/careful')
          : undefined;
    const owner = this.ownerNotice(verdict, t);
    const operator = this.operator(verdict, t);
    return html`
      <h2 id="verdict-title">${this.headline(verdict, t)}</h2>
      ${operator ? html`<p class="operator">${operator}</p>` : nothing}
      <p class="explanation">${this.explanation(verdict, t)}</p>
      ${visitor ? html`<p class="visitor">${visitor}</p>` : nothing}
      ${owner ? html`<p class="owner">${owner}</p>` : nothing}
      ${
        this.lastCheck && !this.checking
          ? html`<p>
              <button type="button" @click=${() => void this.check(this.lastCheck!)}>${t('retry')}</button>
            </p>`
          : nothing
      }
    `;
  }

  private time(date: Date, t: VerifyTranslate): TemplateResult {
    return html`<span>${t('value/jst', { time: formatJst(date) })}</span> /
      <span>${t('value/utc', { time: formatUtc(date) })}</span>`;
  }

  private field(label: VerifyLabel, value: unknown, t: VerifyTranslate): TemplateResult {
    return html`<dt>${t(label)}</dt>
      <dd>${value}</dd>`;
  }

  private renderDetails(verdict: SealVerdict, t: VerifyTranslate): TemplateResult {
    return html`
      ${this.renderSite(verdict, t)} ${this.renderCertificate(verdict, t)} ${this.renderCrls(verdict, t)}
      ${this.renderCheck(verdict, t)} ${this.renderProblems(verdict, t)}
    `;
  }

  private renderSite(verdict: SealVerdict, t: VerifyTranslate): TemplateResult {
    const { check, host } = verdict.site;
    const value =
      check === 'unknown' || host === undefined
        ? t('value/site-unknown')
        : t(check === 'match' ? 'value/site-match' : 'value/site-mismatch', { host });
    return html`<section aria-labelledby="site-title">
      <h2 id="site-title">${t('section/site')}</h2>
      <dl>${this.field('field/site', value, t)}</dl>
    </section>`;
  }

  private renderCertificate(verdict: SealVerdict, t: VerifyTranslate): TemplateResult | typeof nothing {
    const certificate = verdict.certificate;
    if (!certificate) return nothing;
    const domains = [...certificate.dnsNames, ...certificate.ipAddresses];
    // Days left are shown only while the certificate can be relied on: never for a revoked certificate or
    // one whose status or chain could not be confirmed.
    const days =
      verdict.state === 'expired'
        ? t('value/expired-days', { days: Math.max(0, -certificate.daysLeft) })
        : (verdict.state === 'valid' || verdict.state === 'expiring') && certificate.daysLeft >= 0
          ? t('value/days', { days: certificate.daysLeft })
          : undefined;
    return html`<section aria-labelledby="certificate-title">
      <h2 id="certificate-title">${t('section/certificate')}</h2>
      <dl>
        ${this.field('field/organization', certificate.organization ?? t('value/none'), t)}
        ${this.field(
          'field/domains',
          domains.length > 0
            ? html`<ul class="domains">
                ${domains.map((name) => html`<li class="mono">${name}</li>`)}
              </ul>`
            : t('value/none'),
          t,
        )}
        ${this.field(
          'field/level',
          t(certificate.validationLevel ? `value/level/${certificate.validationLevel}` : 'value/level/none'),
          t,
        )}
        ${this.field(
          'field/issuers',
          html`<ol class="issuers">
            ${certificate.issuerChain.map((subject) => html`<li>${subject}</li>`)}
          </ol>`,
          t,
        )}
        ${this.field('field/serial', html`<span class="mono">${certificate.serialNumber}</span>`, t)}
        ${this.field('field/sha256', html`<span class="mono">${certificate.sha256}</span>`, t)}
        ${this.field('field/not-before', this.time(certificate.notBefore, t), t)}
        ${this.field('field/not-after', this.time(certificate.notAfter, t), t)}
        ${days !== undefined ? this.field('field/days-left', days, t) : nothing}
      </dl>
    </section>`;
  }

  private renderCrl(crl: SealCrlFacts, t: VerifyTranslate): TemplateResult {
    const result =
      crl.status === 'good'
        ? t('value/crl-good')
        : crl.status === 'revoked'
          ? t('value/crl-revoked')
          : t('value/crl-unknown');
    return html`<div class="crl">
      <dl>
        ${this.field('field/crl-for', crl.subject, t)} ${this.field('field/crl-status', result, t)}
        ${this.field('field/crl-url', html`<span class="mono">${crl.url || t('value/none')}</span>`, t)}
        ${crl.number !== undefined ? this.field('field/crl-number', crl.number, t) : nothing}
        ${crl.thisUpdate ? this.field('field/this-update', this.time(crl.thisUpdate, t), t) : nothing}
        ${
          crl.nextUpdate
            ? this.field(
                'field/next-update',
                html`${this.time(crl.nextUpdate, t)}
                ${crl.stale ? html`<span class="stale">${t('value/stale')}</span>` : nothing}`,
                t,
              )
            : nothing
        }
      </dl>
    </div>`;
  }

  private renderCrls(verdict: SealVerdict, t: VerifyTranslate): TemplateResult | typeof nothing {
    if (verdict.crls.length === 0) return nothing;
    return html`<section aria-labelledby="revocation-title">
      <h2 id="revocation-title">${t('section/revocation')}</h2>
      ${verdict.crls.map((crl) => this.renderCrl(crl, t))}
    </section>`;
  }

  private statusWord(word: SealState, t: VerifyTranslate): string {
    return t(`status-word/${word}`);
  }

  private renderCheck(verdict: SealVerdict, t: VerifyTranslate): TemplateResult {
    const comparison = verdict.status;
    const file = comparison.file;
    const statusText =
      comparison.result === 'missing' || !file
        ? t('status/missing')
        : comparison.result === 'agree'
          ? t('status/agree', { checkedAt: formatJst(file.checkedAt) })
          : t('status/disagree', {
              page: this.statusWord(comparison.page, t),
              file: this.statusWord(file.status, t),
              checkedAt: formatJst(file.checkedAt),
            });
    return html`<section aria-labelledby="check-title">
      <h2 id="check-title">${t('section/check')}</h2>
      <dl>
        ${this.field('field/checked-at', this.time(verdict.checkedAt, t), t)}
        ${this.field(
          'field/status-file',
          html`<span class="status-${comparison.result}">${statusText}</span>`,
          t,
        )}
        ${this.field('field/seal-id', html`<span class="mono">${verdict.id}</span>`, t)}
      </dl>
    </section>`;
  }

  private renderProblems(verdict: SealVerdict, t: VerifyTranslate): TemplateResult | typeof nothing {
    if (verdict.problems.length === 0) return nothing;
    const locale = this.lang;
    return html`<section aria-labelledby="problems-title">
      <h2 id="problems-title">${t('section/problems')}</h2>
      <ul class="problems">
        ${verdict.problems.map(
          (item) => html`<li>${item.message[locale]} <span class="code">(${item.code})</span></li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shirushi-verification': ShirushiVerification;
  }
}
