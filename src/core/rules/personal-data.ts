import { editedLines, type PromptDocument } from '../document';
import { defineRule, type Fix } from '../types';

type DataKind = 'email' | 'phone' | 'card' | 'iban';

interface Hit {
  kind: DataKind;
  start: number;
  end: number;
}

/** What a message calls each kind, the template variable it suggests and the reserved example a fix puts in. */
const KINDS: Record<DataKind, { noun: string; variable: string; example: string }> = {
  email: { noun: 'email address', variable: '{{email}}', example: 'name@example.com' },
  phone: { noun: 'phone number', variable: '{{phone}}', example: '+1-202-555-0100' },
  card: { noun: 'payment card number', variable: '{{card_number}}', example: '4242 4242 4242 4242' },
  iban: { noun: 'IBAN', variable: '{{iban}}', example: 'GB82 WEST 1234 5698 7654 32' },
};

// ── Email addresses ──────────────────────────────────────────────────────────────────────────────

/**
 * Domains that name no one: the reserved ones (RFC 2606, RFC 6761), Microsoft's fictitious companies
 * used throughout its docs, and the stand-ins people write ("company.com", "yourdomain.com", "a@b.com").
 */
const EXAMPLE_DOMAIN =
  /(?:^|\.)(?:example|test|invalid|localhost|local|internal|lan|home\.arpa)$|(?:^|\.)example\.(?:com|net|org|edu)$|(?:^|\.)(?:contoso|fabrikam|northwindtraders|northwind|adventure-works|adventureworks|wingtiptoys|tailspintoys|woodgrovebank|litwareinc|proseware|treyresearch|alpineskihouse|coho(?:winery|vineyard)?|margiestravel|wideworldimporters|fourthcoffee|relecloud|lucernepublishing)\.(?:com|net|org)$/i;
/** Stand-in domain labels: "yourdomain.com", "my-company.org", "acme.io", "domain.co.uk", "e.com". */
const STAND_IN_LABEL =
  /^(?:[a-z]|[a-z]{2}|([a-z])\1+|(?:your|my|the|some|any|sample|dummy|fake|placeholder|test|acme|foo|bar|baz|demo)[\w-]*|[\w-]*(?:example|domain|company|corp|org|business|tenant|website|site|email|mail|host|server|provider)s?)$/i;
/** Real mail providers whose name alone is not a stand-in. */
const REAL_PROVIDERS = new Set(['gmail', 'googlemail', 'outlook', 'hotmail', 'yahoo', 'icloud', 'protonmail', 'proton', 'gmx', 'aol', 'mail', 'yandex', 'zoho', 'fastmail']);

/** Mailboxes of a role or a machine, not a person (RFC 2142 and the usual others). */
const ROLE_LOCAL =
  /^(?:no-?reply|do-?not-?reply|donotreply|notifications?|support|help|helpdesk|info|contact|hello|hi|team|sales|marketing|press|media|pr|legal|privacy|dpo|gdpr|security|abuse|admin|administrator|root|postmaster|hostmaster|webmaster|billing|accounts?|finance|careers|jobs|hr|feedback|office|enquiries|inquiries|service|services|community|social|dev|developers?|engineering|ops|devops|oss|opensource|open-?source|maintainers?|bot|bots|ci|build|git|github|gitlab|alerts?|status|news|newsletter|updates|mailer-daemon|system|api|app|partners?|compliance|licensing|conduct|codeofconduct|opencode|secure|report|reports|incident|sre|oncall|on-call|deploy|deployer|ubuntu|ec2-user|centos|debian|pi|www-data|nginx|postgres|runner|jenkins|vagrant|docker)(?:[-+._]\w*)?$/i;
/** Hyphenated parts that make a mailbox a team's or a list's: `psf-trademarks@`, `data-team@`, `dev-owner@`. */
const ROLE_PART =
  /^(?:team|teams|group|support|help|info|admin|security|legal|trademarks?|licen[cs](?:e|es|ing)|questions|press|noreply|no-?reply|bugs|issues|feedback|announce|discuss|users|owner|request|bounces|notifications?|alerts?|ops|bot|ci)$/i;
/** Local parts that stand for anyone: "user", "test.account", "first.last", "your.name". */
const STAND_IN_LOCAL =
  /^(?:[a-z]\d?|(?:user|username|name|firstname|first|lastname|last|person|someone|somebody|anyone|me|you|your|my|email|mail|address|test|tester|testuser|demo|sample|example|dummy|fake|foo|bar|baz|qux|jdoe|jsmith|customer|client|employee|member|recipient|sender|approver|maker|owner|author|manager|reviewer|buyer|seller|student|teacher|patient|contributor|agent|service-?account)(?:[-+._\d][\w.+-]*)?)$/i;
/** The stand-in people of examples: "jane.doe", "john.smith", "alice", "bob2", "max.mustermann". */
const STAND_IN_PERSON =
  /^(?:john|jane|joe|jim|bob|alice|carol|dave|eve|mallory|sue|max|erika)(?:[-._]?(?:doe|smith|roe|mustermann|musterfrau|example|test|\d+))?$/i;

/** Top-level domains an address can end in: the common generic ones and any two-letter country code. */
const TLD =
  /^(?:[a-z]{2}|com|org|net|edu|gov|mil|int|info|biz|io|ai|app|dev|tech|cloud|xyz|site|online|email|pro|name|mobi|asia|page|team|work|works|group|company|solutions|systems|software|consulting|agency|digital|global|studio|design|media|network|live|life|world|space|store|shop|blog|news|capital|finance|health|legal|law|partners|ventures|services|academy|school|university|science|codes|tools|run|sh|so|gg|tv|fm|ly)$/;

function isExampleEmail(local: string, domain: string): boolean {
  const d = domain.toLowerCase();
  if (EXAMPLE_DOMAIN.test(d) || /(?:^|\.)(?:users\.noreply\.github\.com|iam\.gserviceaccount\.com|openssh\.com|libssh\.org)$/.test(d)) return true;
  const labels = d.split('.');
  const name = labels.length >= 3 && /^(?:co|com|org|net|ac|gov|edu)$/.test(labels[labels.length - 2] as string) ? labels[labels.length - 3] : labels[labels.length - 2];
  if (name && !REAL_PROVIDERS.has(name) && STAND_IN_LABEL.test(name)) return true;
  // Mailing lists (`x@lists.python.org`, `x@googlegroups.com`) are forums, not people.
  if (labels.some((l) => /^(?:your|my)[\w-]*$|example|placeholder|^(?:lists?|groups|googlegroups|listserv)$/.test(l))) return true;
  if (ROLE_LOCAL.test(local) || local.split('-').some((part) => ROLE_PART.test(part))) return true;
  return STAND_IN_LOCAL.test(local) || STAND_IN_PERSON.test(local) || /\b(?:your|my)\b|example|placeholder|xxx/i.test(local);
}

/** Mail headers and logs, where `<id@host>` is a message id, and remote shells, where `user@host` is a login. */
const MESSAGE_ID_CONTEXT = /\b(?:message-id|in-reply-to|references|e?smtp|received|ssh|scp|sftp|rsync)\b|\bid\s*<|\bcf\.\s*</i;

/**
 * The line around an offset, for offsets that only grow (one scan over the text): each line is found
 * once, so a huge single-line file costs no more than a normal one.
 */
class Lines {
  private start = 0;
  private end = -1;
  private readonly tests = new Map<RegExp, boolean>();
  constructor(private readonly text: string) {}

  /** Whether the line around `offset` matches `re` (each line tested once per expression). */
  test(re: RegExp, offset: number): boolean {
    if (offset < this.start || offset > this.end) {
      this.start = this.text.lastIndexOf('\n', offset - 1) + 1;
      const end = this.text.indexOf('\n', offset);
      this.end = end < 0 ? this.text.length : end;
      this.tests.clear();
    }
    let result = this.tests.get(re);
    if (result === undefined) {
      result = re.test(this.text.slice(this.start, this.end));
      this.tests.set(re, result);
    }
    return result;
  }
}

/** `text[from, to)`, without a copy when that is all of it. */
function slice(text: string, from: number, to: number): string {
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/** The addresses in the lines `[from, to)` (whole lines: no address runs across a line break). */
function findEmails(text: string, from: number, to: number, out: Hit[]): void {
  const lines = new Lines(text);
  const region = slice(text, from, to);
  for (let i = region.indexOf('@'); i >= 0; i = region.indexOf('@', i + 1)) {
    const at = from + i;
    let s = at;
    while (s > 0 && at - s < 64 && LOCAL_CHAR.test(text[s - 1] as string)) s--;
    let e = at + 1;
    while (e < text.length && e - at < 254 && DOMAIN_CHAR.test(text[e] as string)) e++;
    // Trailing dots and hyphens end the sentence, not the domain.
    while (e > at + 1 && /[.-]/.test(text[e - 1] as string)) e--;
    while (s < at && /[._%+-]/.test(text[s] as string)) s++;
    if (s === at || e <= at + 1) continue;
    const before = text[s - 1] ?? ' ';
    // `user:pass@host` and `//host@…` are credentials or URLs; `@@`, `\@` and `$x@` are code.
    if (/[:/\\@$=]/.test(before) || /\w/.test(before)) continue;
    const local = text.slice(s, at);
    const domain = text.slice(at + 1, e);
    const labels = domain.split('.');
    if (labels.length < 2 || labels.some((l) => !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(l))) continue;
    const tld = labels[labels.length - 1] as string;
    // Mixed-case labels are code (`field@OData.Community.Display.V1.FormattedValue`), not mail.
    if (!TLD.test(tld.toLowerCase()) || (tld !== tld.toLowerCase() && tld !== tld.toUpperCase())) continue;
    // Message ids (`<4B66B890.4070408@host>`) look like addresses but name no mailbox.
    if (/\.{2}/.test(local) || /\d{6}|^[\d.]+$/.test(local) || /(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z\d]{10,}/.test(local)) continue;
    if (lines.test(MESSAGE_ID_CONTEXT, s)) continue;
    if (isExampleEmail(local, domain) || lines.test(ATTRIBUTION, s)) continue;
    out.push({ kind: 'email', start: s, end: e });
  }
}

// ── Phone numbers ────────────────────────────────────────────────────────────────────────────────

/** E.164 country codes (one to three digits), enough to tell `+44 20 …` from `+100 200 300`. */
const COUNTRY_CODE =
  /^(?:1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]|2(?:1[1-8]|[2-6]\d|9[0-9])|35\d|37\d|38[0-9]|42[0-3]|50\d|59\d|67\d|68\d|69[0-2]|85[0-6]|88[0-9]|96\d|97[0-7]|99[2-8])/;

/** Words on the line that say a number is a phone number. */
const PHONE_CONTEXT = /\b(?:phone|tel|telephone|t[ée]l[ée]phone|t[ée]l|mobile|cell|cellphone|fax|whats-?app|signal|sms|call(?:ed)?|ring|dial|hotline|contact|reach|text me|handy|telefon|téléphone|portable|móvil|celular)\b|☎|📞|📱/i;
/** Words on the line that say a number is something else. */
const NOT_PHONE_CONTEXT = /\b(?:isbn|issn|doi|sku|serial|invoice|order|tracking|version|build|ticket|case|ref(?:erence)?|id|uuid|hash|port|zip|postcode|iban|bic|swift|card|account|routing|ssn|ein|vat|tax|lat|lon|coordinates?)\b/i;

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** Sequences people type as filler: 123-456-7890, 555-555-5555, 000 000 0000. */
function isFillerDigits(digits: string): boolean {
  if (/^(\d)\1+$/.test(digits.slice(-7)) || /(\d)\1{5,}/.test(digits)) return true;
  return /0123456|1234567|2345678|3456789|9876543|8765432/.test(digits);
}

/**
 * Numbers set aside for fiction and documentation: NANP 555 exchanges and area code 555, toll-free
 * numbers (a business, not a person), Ofcom's drama ranges (UK), ACMA's (Australia).
 */
function isFictionalPhone(digits: string): boolean {
  const nanp = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits.length === 10 ? digits : undefined;
  if (nanp && /^[2-9]\d{2}[2-9]\d{6}$/.test(nanp)) {
    const area = nanp.slice(0, 3);
    if (nanp.slice(3, 6) === '555' || area === '555' || /^8(?:00|88|77|66|55|44|33)$/.test(area)) return true;
  }
  const uk = digits.startsWith('44') ? `0${digits.slice(2)}` : digits;
  if (/^(?:0207946|02079460|01134960|01144960|01154960|01164960|01174960|01184960|01214960|01314960|01414960|01514960|01614960|02890180|02920180|01632960|07700900|08081570|09098790|03069990)/.test(uk)) return true;
  const au = digits.startsWith('61') ? `0${digits.slice(2)}` : digits;
  return /^(?:0491570|0491571|0255501|0370100|0755501|0855501|0870100)/.test(au);
}

/** Candidates: a run of digits with the separators phone numbers use, optionally led by `+` or `(`. */
const PHONE_CANDIDATE = /(?<![\w+.\-/#=:@$%&?,])(?:\+|\()?\d[\d \t().-]{5,22}\d(?![\w]|[.-]\d|\)|,\d)/g;
/** International: `+CC`, then groups of digits with single separators. */
const INTERNATIONAL = /^\+\d{1,3}(?:[ .-]?\(\d{1,4}\)|[ .-]?\d{1,5})(?:[ .-]?\d{2,5}){1,5}$/;
/** North American: `(415) 555-0132`, `415-555-0132`, `415.555.0132`, `1-415-555-0132`. */
const NANP = /^(?:1[ .-])?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}([.-]))[2-9]\d{2}([.-])\d{4}$/;
/** National numbers with a trunk zero (UK, DE, FR, AU, …): only with a phone word on the line. */
const NATIONAL = /^(?:0\d{1,4}(?:[ -]\d{2,8}){1,3}|0\d{9,10}|\(0\d{1,4}\) ?\d{3,8}(?:[ -]\d{2,4})?|0[1-9](?:[ .]\d{2}){4})$/;

function findPhones(text: string, from: number, to: number, out: Hit[]): void {
  const lines = new Lines(text);
  for (const m of slice(text, from, to).matchAll(PHONE_CANDIDATE)) {
    const raw = m[0].replace(/[ \t]+$/, '');
    const start = from + m.index;
    const digits = digitsOf(raw);
    if (digits.length < 8 || digits.length > 15 || /[ \t]{2}|\t/.test(raw) || /[().-]{2}/.test(raw.replace(/\) /g, ')'))) continue;
    // `+1` is followed by a ten-digit North American number and nothing else.
    const international =
      INTERNATIONAL.test(raw) && COUNTRY_CODE.test(digits) && digits.length >= 10 && (!digits.startsWith('1') || /^1[2-9]\d{2}[2-9]\d{6}$/.test(digits));
    const nanpMatch = NANP.exec(raw);
    const nanp = !!nanpMatch && (nanpMatch[1] === undefined || nanpMatch[1] === nanpMatch[2]);
    const phoneWord = lines.test(PHONE_CONTEXT, start);
    const national = NATIONAL.test(raw) && phoneWord;
    if (!international && !nanp && !national) continue;
    if (!phoneWord && lines.test(NOT_PHONE_CONTEXT, start)) continue;
    // A date or a time range (`2024-01-15`, `10.30-11.45`) is not a phone number.
    if (/\b(?:19|20)\d{2}[-./](?:0?[1-9]|1[0-2])[-./]\d{1,2}\b/.test(raw)) continue;
    if (isFillerDigits(digits) || isFictionalPhone(digits)) continue;
    out.push({ kind: 'phone', start, end: start + raw.length });
  }
}

// ── Payment cards ────────────────────────────────────────────────────────────────────────────────

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes and lengths: Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro. */
function isCardNumber(digits: string): boolean {
  const n = digits.length;
  if (/^4/.test(digits)) return n === 13 || n === 16 || n === 19;
  if (/^(?:5[1-5]|2(?:2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/.test(digits)) return n === 16;
  if (/^3[47]/.test(digits)) return n === 15;
  if (/^(?:6011|65|64[4-9])/.test(digits)) return n >= 16 && n <= 19;
  if (/^35(?:2[89]|[3-8]\d)/.test(digits)) return n >= 16 && n <= 19;
  if (/^3(?:0[0-5]|[68])/.test(digits)) return n >= 14 && n <= 19;
  if (/^62/.test(digits)) return n >= 16 && n <= 19;
  if (/^(?:50|5[6-9]|6[0-9])/.test(digits)) return n >= 12 && n <= 19;
  return false;
}

/** The issuers' and payment providers' published test numbers (Stripe, Adyen, Braintree, PayPal). */
const TEST_CARDS = new Set([
  '4111111111111111', '4242424242424242', '4012888888881881', '4222222222222', '4000056655665556', '4000000000000002',
  '4000000000009995', '4000000000000077', '4000000000003220', '4000002500003155', '4000002760003184', '4000000000000341',
  '4917610000000000', '4988438843884305', '4166676667666746', '4646464646464644', '4000620000000007', '4400000000000008',
  '4484600000000004', '4607000000000009', '4977949494949497', '4000020000000000', '4000160000000004', '4002690000000008',
  '5555555555554444', '5105105105105100', '5200828282828210', '2223003122003222', '5454545454545454', '5431111111111111',
  '5101180000000007', '2222400070000005', '5555341244441115', '5577000055770004', '5136333333333335', '2223000048400011',
  '378282246310005', '371449635398431', '378734493671000', '370000000000002', '374245455400126', '345678901234564',
  '6011111111111117', '6011000990139424', '6011981111111113', '6011000400000000', '6011601160116611', '6445644564456445',
  '3530111333300000', '3566002020360505', '3566111111111113', '3569990010095841', '30569309025904', '38520000023237',
  '3056930009020004', '36227206271667', '36006666333344', '36700102000000', '6200000000000005', '6205500000000000004',
  '6243030000000001', '6703444444444449', '6759649826438453', '6799990100000000019', '5018000000000009', '6304000000000000',
]);

/** Long zero runs and repeated blocks mark a made-up number (`4000 0000 0000 0002`, `4242 4242 …`). */
function isPatternedNumber(digits: string): boolean {
  if (/0{5,}|(\d)\1{5,}/.test(digits)) return true;
  for (let period = 1; period <= 4; period++) {
    let same = 0;
    for (let i = period; i < digits.length; i++) if (digits[i] === digits[i - period]) same++;
    if (same >= digits.length - period - 2) return true;
  }
  return isFillerDigits(digits);
}

/** Candidates: 13 to 19 digits, in groups of 4 (or Amex's 4-6-5) with one separator, or unbroken. */
const CARD_CANDIDATE = /(?<![\w.\-/#=:@$%&?+,])\d(?:[ -]?\d){12,18}(?![\w]|[.,-]\d)/g;
const CARD_GROUPS = /^(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19})$/;
/** Words on the line that make an unbroken run of digits read as a card number. */
const CARD_CONTEXT = /\b(?:card|credit|debit|visa|master-?card|amex|american express|discover|jcb|maestro|pan|cc|ccn|cardnumber|card_number|payment)\b/i;

function findCards(text: string, from: number, to: number, out: Hit[]): void {
  const lines = new Lines(text);
  for (const m of slice(text, from, to).matchAll(CARD_CANDIDATE)) {
    const raw = m[0];
    const start = from + m.index;
    if (!CARD_GROUPS.test(raw)) continue;
    const digits = digitsOf(raw);
    if (!isCardNumber(digits) || !luhn(digits) || TEST_CARDS.has(digits) || isPatternedNumber(digits)) continue;
    if (/^\d+$/.test(raw)) {
      if (!lines.test(CARD_CONTEXT, start)) continue;
    }
    out.push({ kind: 'card', start, end: start + raw.length });
  }
}

// ── IBANs ────────────────────────────────────────────────────────────────────────────────────────

/** IBAN length by country (SWIFT IBAN registry). */
const IBAN_LENGTH: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27,
  MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33,
  SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

/** The examples the registry, Wikipedia and bank documentation print. */
const EXAMPLE_IBANS = new Set([
  'GB82WEST12345698765432', 'GB29NWBK60161331926819', 'GB33BUKB20201555555555', 'DE89370400440532013000',
  'DE75512108001245126199', 'DE02120300000000202051', 'DE02500105170137075030', 'DE44500105175407324931',
  'FR1420041010050500013M02606', 'FR7630006000011234567890189', 'NL91ABNA0417164300', 'NL02ABNA0123456789',
  'BE68539007547034', 'BE71096123456769', 'CH9300762011623852957', 'CH5604835012345678009', 'AT611904300234573201',
  'AT483200000012345864', 'ES9121000418450200051332', 'IT60X0542811101000000123456', 'SE4550000000058398257466',
  'DK5000400440116243', 'FI2112345600000785', 'NO9386011117947', 'PL61109010140000071219812874', 'IE29AIBK93115212345678',
  'LU280019400644750000', 'PT50000201231234567890154', 'GR1601101250000000012300695', 'CZ6508000000192000145399',
  'HU42117730161111101800000000', 'SK3112000000198742637541', 'SI56263300012039086', 'HR1210010051863000160',
  'RO49AAAA1B31007593840000', 'BG80BNBG96611020345678', 'LT121000011101001000', 'LV80BANK0000435195001',
  'EE382200221020145685', 'MT84MALT011000012345MTLCAST001S', 'CY17002001280000001200527600', 'IS140159260076545510730339',
  'LI21088100002324013AA', 'MC5811222000010123456789030', 'SM86U0322509800000000270100', 'AD1200012030200359100100',
]);

function ibanValid(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const d of value) rest = (rest * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;

function findIbans(text: string, from: number, to: number, out: Hit[]): void {
  for (const m of slice(text, from, to).matchAll(IBAN_CANDIDATE)) {
    const compact = m[0].replace(/ /g, '');
    if (IBAN_LENGTH[compact.slice(0, 2)] !== compact.length || !/\d/.test(compact.slice(4))) continue;
    if (!ibanValid(compact) || EXAMPLE_IBANS.has(compact) || /0{8,}/.test(compact.slice(4))) continue;
    out.push({ kind: 'iban', start: from + m.index, end: from + m.index + m[0].length });
  }
}

// ── Where data is expected ───────────────────────────────────────────────────────────────────────

/** Frontmatter keys whose value is the file's own authorship: the author chose to publish it. */
const AUTHORSHIP_KEY = /^(?:authors?|maintainers?|owners?|contacts?|email|creator|publisher|copyright|license)$/i;
/**
 * Commit trailers, git identities, author lines and copyright notices: an identity given on purpose (often a
 * bot's), not data about someone.
 */
const ATTRIBUTION =
  /\b(?:Co-authored-by|Signed-off-by|Reviewed-by|Acked-by|Tested-by|Reported-by|Suggested-by|user\.email|git config|GIT_(?:AUTHOR|COMMITTER)_EMAIL|copyright)\b|©|\(c\)\s*\d{4}|^\s*(?:[-*>]\s*)?`?(?:Author|Maintainer|Committer)\s*:/i;

/** Offsets of the frontmatter's authorship entries (`author:`, `metadata.author`), where an email is expected. */
function authorshipSpans(doc: PromptDocument): [number, number][] {
  const fm = doc.frontmatter;
  if (!fm) return [];
  const spans: [number, number][] = [];
  const raw = fm.raw;
  const key = /^[ \t]*(?:-[ \t]+)?([\w.-]+)[ \t]*:.*$/gm;
  for (let m = key.exec(raw); m; m = key.exec(raw)) {
    if (AUTHORSHIP_KEY.test(m[1] as string)) spans.push([fm.contentOffset + m.index, fm.contentOffset + m.index + m[0].length]);
  }
  return spans;
}

/**
 * The data found in a document's lines, each kind in the file's order, before the frontmatter's
 * authorship entries are left out and overlaps settled.
 */
interface Found {
  emails: Hit[];
  /** Phone, card and IBAN numbers, looked for only in a text with four digits in a row. */
  numbers?: { phones: Hit[]; cards: Hit[]; ibans: Hit[] };
  /** Where the first four digits in a row start, or -1: numbers count only in a text that has them. */
  digits: number;
}

/** Where the first four digits in a row start in `text[from, to)`, or -1. */
function digitsIn(text: string, from: number, to = text.length): number {
  const at = slice(text, from, to).search(/\d{4}/);
  return at < 0 ? -1 : from + at;
}

/**
 * What the lines `[from, to)` hold (whole lines: `from` starts one and `to` ends one). Every candidate
 * and every word that decides about one is on one line (`Lines`), so outside those lines an edit
 * changes nothing.
 */
function findIn(text: string, from: number, to: number, numbers: boolean): Pick<Found, 'emails' | 'numbers'> {
  const emails: Hit[] = [];
  findEmails(text, from, to, emails);
  if (!numbers) return { emails };
  const found: NonNullable<Found['numbers']> = { phones: [], cards: [], ibans: [] };
  findPhones(text, from, to, found.phones);
  findCards(text, from, to, found.cards);
  findIbans(text, from, to, found.ibans);
  return { emails, numbers: found };
}

/** Each document's data; after an edit, only the lines it changed are searched again (the rest is moved over). */
const FOUND = new WeakMap<PromptDocument, Found>();

function foundIn(doc: PromptDocument): Found {
  let found = FOUND.get(doc);
  if (found) return found;
  const text = doc.text;
  const lines = editedLines(doc);
  const old = lines && FOUND.get(lines.before);
  if (lines && old) {
    const { from, oldTo, newTo } = lines;
    const by = newTo - oldTo;
    // The first four digits stay first when they are before the lines, and are those lines' when they have any.
    let digits = old.digits >= 0 && old.digits < from ? old.digits : digitsIn(text, from, newTo);
    if (digits < 0 && old.digits >= 0) digits = old.digits >= oldTo ? old.digits + by : digitsIn(text, newTo);
    if (old.numbers || digits < 0) {
      const fresh = findIn(text, from, newTo, !!old.numbers);
      const join = (before: Hit[], inLines: Hit[]) => [
        ...before.filter((h) => h.start < from),
        ...inLines,
        ...before.filter((h) => h.start >= oldTo).map((h) => ({ kind: h.kind, start: h.start + by, end: h.end + by })),
      ];
      found = { emails: join(old.emails, fresh.emails), digits };
      if (old.numbers && fresh.numbers) {
        const { phones, cards, ibans } = old.numbers;
        found.numbers = { phones: join(phones, fresh.numbers.phones), cards: join(cards, fresh.numbers.cards), ibans: join(ibans, fresh.numbers.ibans) };
      }
    }
  }
  if (!found) {
    // A text without four digits in a row is spared the number searches, until an edit brings some.
    const digits = digitsIn(text, 0);
    found = { ...findIn(text, 0, text.length, digits >= 0), digits };
  }
  FOUND.set(doc, found);
  return found;
}

function dataIn(doc: PromptDocument): Hit[] {
  const { emails, numbers, digits } = foundIn(doc);
  // A phone, card or IBAN number in a line with no four digits in a row counts when another line has them.
  const hits = [...emails, ...(numbers && digits >= 0 ? [...numbers.phones, ...numbers.cards, ...numbers.ibans] : [])];
  if (!hits.length) return hits;
  const authored = authorshipSpans(doc);
  hits.sort((a, b) => a.start - b.start);
  const kept = hits.filter((h) => !authored.some(([s, e]) => h.start >= s && h.start < e));
  // A card number is also a run of digits a phone pattern may see; the more specific kind wins.
  kept.sort((a, b) => a.start - b.start || (a.kind === 'phone' ? 1 : 0) - (b.kind === 'phone' ? 1 : 0));
  const out: Hit[] = [];
  for (const h of kept) {
    const last = out[out.length - 1];
    if (last && h.start < last.end) continue;
    out.push(h);
  }
  return out;
}

export const personalData = defineRule({
  meta: {
    id: 'personal-data',
    category: 'safety',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: true,
    docs: {
      summary:
        'Reports personal data written into the file: email addresses, phone numbers, payment card numbers (Luhn-checked) and IBANs (mod-97-checked).',
      rationale:
        'Whatever is in a prompt or context file is sent to the model provider with every request, lands in logs and ' +
        'transcripts, and is usually committed where everyone with access to the repository can read it. A real ' +
        "person's address, number or account in it is a privacy leak, and often a compliance problem (GDPR, PCI DSS). " +
        'The agent rarely needs the real value: a template variable filled in at run time, or a reserved example ' +
        '(`name@example.com`, `+1-202-555-0100`, a test card), does the same job.',
      bad: 'When the export finishes, email it to jane.smith@acme-corp.io and text +44 7911 123456.',
      good: 'When the export finishes, email it to {{report_recipient}}; the address comes from the job settings.',
      kindsNote:
        'Every kind, code blocks included: data in an example is still data. Left alone: reserved and example ' +
        'domains (`example.com`, `.test`, `contoso.com`, `yourcompany.com`), role mailboxes (`support@`, ' +
        '`noreply@`, `security@`), stand-in names (`user@`, `jane.doe@`), GitHub noreply addresses, commit trailers ' +
        '(`Co-authored-by:`) and authorship frontmatter (`author:`), fictional and toll-free phone numbers (NANP ' +
        '555, Ofcom drama ranges), filler digits (`123-456-7890`), published test cards (`4111 1111 1111 1111`, ' +
        "Stripe's) and the registry's example IBANs. National phone formats without a country code count only with " +
        'a phone word on the line ("phone", "tel", "call"), and an unbroken run of digits counts as a card only ' +
        'with a card word.',
      precision: {
        right: 1,
        judged: 1,
        note:
          'The corpus holds one piece of personal data, a phone number in a site-building prompt, and that is the one ' +
          'finding; its 300-odd addresses are example, role, bot or authorship ones and pass. Checked further on 14,819 ' +
          'Markdown and text files of installed packages (READMEs, AUTHORS, changelogs, manuals; 500 distinct ' +
          "findings): of 50 sampled, 49 were a real person's data (contributors' addresses, an author's phone), the " +
          'miss a standards body\'s role address (Internet-Drafts@ietf.org). The other misses seen there are of the ' +
          "same sort: a company's abuse-contact phone and a charity's donation IBAN, right in form but not about a " +
          'person.',
      },
    },
  },
  check({ doc, report }) {
    for (const hit of dataIn(doc)) {
      const { noun, variable, example } = KINDS[hit.kind];
      const range = doc.range(hit.start, hit.end);
      const fixes: Fix[] = [
        { title: `Replace the ${noun} with the reserved example '${example}'`, edits: [{ range, newText: example }] },
        { title: `Replace the ${noun} with the template variable '${variable}'`, edits: [{ range, newText: variable }] },
      ];
      report({
        range,
        message: `Unexpected ${noun} in the file, expected a template variable such as '${variable}' or a reserved example such as '${example}': the file is sent to the model provider and shared with the repository`,
        fixes,
      });
    }
  },
});
