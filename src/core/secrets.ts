/**
 * Secrets never leave the machine in clear: finding messages (which quote the file: a repeated
 * line, a vague word's sentence), fix titles and inspection records (notes, reasons, command
 * output) go through `maskSecrets` before anything writes them to a report, SARIF, the terminal or
 * the repository. `secret-in-prompt` is the rule that finds secrets in a file; this is the net
 * under every other text that quotes one.
 *
 * What is masked: tokens with a known provider prefix (AWS, GitHub, GitLab, Slack, OpenAI, npm,
 * Hugging Face, …), private key blocks, the password of a `scheme://user:password@host` URL, and
 * the value after `password=`, `token:`, `api_key=` and the like. The prefix or label stays, so a
 * reader still sees what kind of secret it was.
 */

/**
 * Provider prefixes of tokens, as a regular expression source: `secret-in-prompt` pre-filters the
 * lines it hands secretlint with them, and masking finds tokens by them.
 */
export const TOKEN_PREFIXES =
  'A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA|npm_|xox[a-z]-|xapp-|sk-|gsk_|hf_|api_org_|lin_api_|ntn_|SG\\.|shp(?:pa|ca|at|ss)_|gh[pousr]_|github_pat_|gl[a-z]{2,6}-|glc_|glsa_|ops_|hv[sbr]\\.|vc[pikar]_|dapi|dckr_pat_|figd_';

/** A prefix (OpenAI's project and Anthropic's keys kept whole), then the token's body. */
const TOKEN = new RegExp(`(?<![A-Za-z0-9])(sk-(?:proj|ant)-|${TOKEN_PREFIXES})([A-Za-z0-9_\\-+/=]{8,}(?:\\.[A-Za-z0-9_\\-+/=]+)*)`, 'g');
/** A key block (bounded: a hostile text of many unclosed headers stays linear). */
const PRIVATE_KEY = /(-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)(?:(?!-----END )[\s\S]){0,12000}(-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)([^\s@/]{3,})(@)/gi;
const LABELLED = /(\b(?:password|passwd|pwd|secret|client_secret|token|access_token|auth_token|api[_-]?key|apikey)["']?\s*[:=]\s*["']?)([^\s"',;]{4,})/gi;

const MASK = '****';

/**
 * A token's body is long and has digits in it; a word after a prefix-like start does not
 * (`glibc-compatibility.md` starts like a GitLab token).
 */
function tokenLike(body: string): boolean {
  return body.length >= 16 && /\d/.test(body);
}

/** `text` with every secret it holds replaced by `****` (prefixes and labels kept). */
export function maskSecrets(text: string): string {
  // Most texts hold nothing that could be a secret: one cheap test first.
  if (!MAY_HOLD.test(text)) return text;
  return text
    .replace(PRIVATE_KEY, (_m, begin: string, end: string | undefined) => `${begin}${MASK}${end ?? ''}`)
    .replace(URL_PASSWORD, (_m, before: string, _secret: string, at: string) => `${before}${MASK}${at}`)
    .replace(LABELLED, (_m, label: string) => `${label}${MASK}`)
    .replace(TOKEN, (match, prefix: string, body: string) => (tokenLike(body) ? `${prefix}${MASK}` : match));
}

const MAY_HOLD = new RegExp(`PRIVATE KEY|:\\/\\/[^\\s:@/]+:[^\\s@/]+@|pass|pwd|secret|token|api[_-]?key|apikey|${TOKEN_PREFIXES}`, 'i');
