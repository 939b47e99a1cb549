/**
 * The inspection panel's page: plain DOM, styled with VS Code's theme variables (media/inspection.css).
 *
 * Everything from outside (file names, checklist text, notes, findings, command output, the
 * selected excerpt) is put into the DOM as text: `textContent` and `createTextNode`, never
 * `innerHTML`. The page keeps its whole state with `setState` on every change, so hiding the panel
 * (its context is not retained) or reloading the window loses nothing; the reviewer's answers also
 * go to the host as a draft, which survives closing the panel.
 */
import { h, liveRegion, nodes, vscodeApi, type Attrs, type Children } from '../dom';
import type {
  Answers,
  CheckResult,
  CheckStatus,
  Checklist,
  ChecklistItem,
  ChecksKey,
  FromWebviewMessage,
  InitialState,
  PageState,
  ToWebviewMessage,
  Verdict,
} from './protocol';
import {
  answerOf,
  assertNever,
  assess,
  countResults,
  decidedByCheck,
  emptyAnswers,
  missingNote,
  NOTE_MESSAGES,
  shortText,
  withAnswer,
  type Blocker,
} from './model';

const api = vscodeApi<FromWebviewMessage, PageState>();
const root = document.getElementById('app') as HTMLElement;
/** Announces progress to screen readers. */
const live = liveRegion();

let state: PageState;
/** Ephemeral: show the reject form's validation only after a first try. */
let rejectTried = false;
let requestCounter = 0;

// ───────────────────────── State ─────────────────────────

function boot(): PageState {
  const initial = JSON.parse(root.dataset.state ?? '') as InitialState;
  const saved = api.getState() as PageState | undefined;
  if (saved?.v === 1 && saved.context?.key === initial.context.key) return saved;
  return {
    v: 1,
    context: initial.context,
    checklists: { status: 'loading' },
    checks: { status: 'idle' },
    answers: initial.answers ?? emptyAnswers(),
    pending: null,
    error: null,
  };
}

function save(): void {
  api.setState(state);
}

/** The reviewer changed an answer: keep it, tell the host (the draft), update what depends on it. */
function setAnswers(answers: Answers): void {
  state = { ...state, answers, error: null };
  save();
  api.postMessage({ type: 'saveDraft', answers });
}

function nextRequestId(): string {
  return `r${Date.now().toString(36)}-${++requestCounter}`;
}

function currentChecklist(): Checklist | undefined {
  if (state.checklists.status !== 'ready') return undefined;
  const { checklists } = state.checklists;
  return checklists.find((c) => c.id === state.answers.checklistId) ?? checklists[0];
}

function checksKey(checklist: Checklist): ChecksKey {
  return { checklistId: checklist.id, hash: checklist.hash, prompt: state.context.prompt?.uri ?? null };
}

function sameKey(a: ChecksKey, b: ChecksKey): boolean {
  return a.checklistId === b.checklistId && a.hash === b.hash && a.prompt === b.prompt;
}

/**
 * The results of the selected checklist's automatic checks, or null while they are not known. A
 * run that failed as a whole counts as an error for every automatic item: the reviewer judges them.
 */
function currentResults(checklist: Checklist): CheckResult[] | null {
  const autos = checklist.items.filter((i) => i.auto);
  if (autos.length === 0) return [];
  const checks = state.checks;
  if (checks.status === 'idle' || !sameKey(checks.for, checksKey(checklist))) return null;
  if (checks.status === 'done') return checks.results;
  if (checks.status === 'error') {
    return autos.map((i) => ({ itemId: i.id, type: i.auto?.type ?? 'command', status: 'error', message: checks.message, findings: [] }));
  }
  return null;
}

/** Starts the automatic checks when the selected checklist has some and none ran for it yet. */
function maybeRunChecks(): void {
  const checklist = currentChecklist();
  if (!checklist || !checklist.items.some((i) => i.auto)) return;
  const key = checksKey(checklist);
  if (state.checks.status !== 'idle' && sameKey(state.checks.for, key)) return;
  const requestId = nextRequestId();
  state = { ...state, checks: { status: 'running', requestId, for: key } };
  const count = checklist.items.filter((i) => i.auto).length;
  announce(`Running ${plural(count, 'automatic check')}…`);
  api.postMessage({ type: 'runChecks', requestId, checklistId: checklist.id });
}

// ───────────────────────── Messages from the host ─────────────────────────

function onMessage(message: ToWebviewMessage): void {
  switch (message.type) {
    case 'init': {
      state = { ...state, context: message.context, pending: null };
      // A new panel object (opened, or restored after a reload): the files may have changed since.
      // After hide/show, a run that was going when the page went away has lost its reply.
      if (message.fresh) state = { ...state, checks: { status: 'idle' }, checklists: { status: 'loading' } };
      else if (state.checks.status === 'running') state = { ...state, checks: { status: 'idle' } };
      maybeRunChecks();
      break;
    }
    case 'checklists': {
      state = { ...state, checklists: { status: 'ready', checklists: message.checklists, trusted: message.trusted } };
      const selected = message.checklists.find((c) => c.id === state.answers.checklistId) ?? message.checklists[0];
      if (selected && selected.id !== state.answers.checklistId) setAnswers({ ...state.answers, checklistId: selected.id });
      maybeRunChecks();
      break;
    }
    case 'filesChanged':
      if (state.checks.status === 'idle') return;
      state = { ...state, checks: { status: 'idle' } };
      announce('The files changed: running the automatic checks again.');
      maybeRunChecks();
      break;
    case 'checklistsFailed':
      state = { ...state, checklists: { status: 'error', message: message.message } };
      break;
    case 'checkResults': {
      const checks = state.checks;
      if (checks.status !== 'running' || checks.requestId !== message.requestId) return; // an old run
      state = { ...state, checks: { status: 'done', for: checks.for, results: message.results } };
      const c = countResults(message.results);
      announce(`Automatic checks finished: ${c.pass} passed, ${c.fail} failed${c.error + c.skipped ? `, ${c.error + c.skipped} need your judgement` : ''}.`);
      break;
    }
    case 'promptPicked': {
      if (state.pending?.requestId !== message.requestId) return;
      state = { ...state, pending: null };
      if (!message.cancelled) {
        state = { ...state, context: { ...state.context, prompt: message.prompt } };
        announce(message.prompt ? `Linked prompt: ${message.prompt.label}` : 'No prompt linked.');
        maybeRunChecks(); // the checks may use the prompt
      }
      break;
    }
    case 'submitted':
      if (state.pending?.requestId !== message.requestId) return;
      state = { ...state, pending: null };
      announce(`Inspection recorded in ${message.file}.`);
      break;
    case 'error': {
      const checks = state.checks;
      if (checks.status === 'running' && checks.requestId === message.requestId) {
        state = { ...state, checks: { status: 'error', for: checks.for, message: message.message } };
        announce(`The automatic checks could not run: ${message.message}`);
      } else if (state.pending?.requestId === message.requestId) {
        state = { ...state, pending: null, error: message.message };
      } else {
        return;
      }
      break;
    }
    default:
      assertNever(message);
  }
  save();
  render();
}

function announce(text: string): void {
  // Cleared first, so the same text twice is announced twice.
  live.textContent = '';
  requestAnimationFrame(() => (live.textContent = text));
}

// ───────────────────────── Actions ─────────────────────────

function openFile(path: string, line?: number): void {
  api.postMessage(line ? { type: 'open', path, line } : { type: 'open', path });
}

function pickPrompt(): void {
  const requestId = nextRequestId();
  state = { ...state, pending: { kind: 'pickPrompt', requestId }, error: null };
  api.postMessage({ type: 'pickPrompt', requestId });
  save();
  render();
}

function rerunChecks(): void {
  state = { ...state, checks: { status: 'idle' } };
  maybeRunChecks();
  save();
  render();
}

function selectChecklist(id: string): void {
  setAnswers({ ...state.answers, checklistId: id });
  maybeRunChecks();
  save();
  render();
}

function submit(decision: 'accepted' | 'rejected'): void {
  const checklist = currentChecklist();
  if (!checklist || state.pending) return;
  const verdicts = assess(checklist, state.answers, currentResults(checklist));
  if (decision === 'accepted' ? !verdicts.canAccept : !verdicts.canReject) return;
  const requestId = nextRequestId();
  state = { ...state, pending: { kind: 'submit', requestId }, error: null };
  api.postMessage({ type: 'submit', requestId, decision, answers: state.answers });
  announce(decision === 'accepted' ? 'Recording the acceptance…' : 'Recording the rejection…');
  save();
  render();
}

function setRejecting(rejecting: boolean): void {
  rejectTried = false;
  setAnswers({ ...state.answers, rejecting });
  render();
  document.getElementById(rejecting ? 'reject-reason' : 'reject')?.focus();
}

function confirmReject(): void {
  const checklist = currentChecklist();
  if (!checklist) return;
  rejectTried = true;
  const verdicts = assess(checklist, state.answers, currentResults(checklist));
  if (!verdicts.canReject) {
    refresh();
    const firstMissing = verdicts.notesMissing[0];
    const index = checklist.items.findIndex((i) => i.id === firstMissing);
    (document.getElementById(state.answers.rejectReason.trim() ? `item-${index}-note` : 'reject-reason') as HTMLElement | null)?.focus();
    return;
  }
  submit('rejected');
}

// ───────────────────────── Rendering ─────────────────────────

function button(id: string, label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const el = h('button', { type: 'button', id, ...attrs }, label);
  el.addEventListener('click', onClick);
  return el;
}

/** A link that asks the host to open a file; a real link, so Enter works and it reads as one. */
function fileLink(id: string, label: string, path: string, line?: number): HTMLAnchorElement {
  const el = h('a', { href: '#', id, class: 'file-link', title: line ? `Open ${label} at line ${line}` : `Open ${label}` }, label);
  el.addEventListener('click', (e) => {
    e.preventDefault();
    openFile(path, line);
  });
  return el;
}

function section(id: string, title: string, ...children: Children[]): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Handles to what `refresh()` updates without rebuilding (so typing keeps focus and caret). */
interface Refs {
  items: Map<string, { fieldset: HTMLElement; note: HTMLTextAreaElement; error: HTMLElement; hint: HTMLElement }>;
  accept?: HTMLButtonElement;
  acceptWhy?: HTMLElement;
  rejectError?: HTMLElement;
  rejectReason?: HTMLTextAreaElement;
}
let refs: Refs = { items: new Map() };

/** Rebuilds the page from `state`, keeping focus, caret, scroll and open help where they were. */
function render(): void {
  const active = document.activeElement as HTMLElement | null;
  const focusId = active?.id;
  const caret = active instanceof HTMLTextAreaElement ? [active.selectionStart, active.selectionEnd] : undefined;
  const openHelp = new Set([...root.querySelectorAll('details[open]')].map((d) => d.id));
  const scroll = window.scrollY;

  refs = { items: new Map() };
  const checklist = currentChecklist();
  const intro = h(
    'header',
    { class: 'intro' },
    h('h1', {}, 'Inspect output'),
    h(
      'p',
      { class: 'muted' },
      'Check what the agent produced before it is accepted. The automatic checks run first; then judge each item. Your answers are kept as you go.',
    ),
  );
  root.replaceChildren(
    ...nodes([
      intro,
      renderTargets(),
      renderPrompt(),
      renderChecks(checklist),
      checklist ? renderManual(checklist) : null,
      checklist ? renderDecision(checklist) : null,
    ]),
  );
  root.removeAttribute('aria-busy');

  for (const id of openHelp) (document.getElementById(id) as HTMLDetailsElement | null)?.setAttribute('open', '');
  if (focusId) {
    const el = document.getElementById(focusId);
    el?.focus({ preventScroll: true });
    if (caret && el instanceof HTMLTextAreaElement) el.setSelectionRange(caret[0] ?? 0, caret[1] ?? 0);
  }
  window.scrollTo(0, scroll);
  refresh();
}

function renderTargets(): HTMLElement {
  const { targets } = state.context;
  return section(
    'targets',
    targets.length === 1 ? 'Output file' : `Output files (${targets.length})`,
    h(
      'ul',
      { class: 'files' },
      targets.map((t, i) =>
        h(
          'li',
          {},
          fileLink(`target-${i}`, t.label, t.uri, t.excerpt?.startLine),
          t.excerpt
            ? [
                h('span', { class: 'muted' }, ` · selection, lines ${t.excerpt.startLine}–${t.excerpt.endLine}`),
                h('pre', { class: 'excerpt', tabindex: 0, 'aria-label': `Selected text from ${t.label}` }, t.excerpt.text),
              ]
            : null,
        ),
      ),
    ),
  );
}

function renderPrompt(): HTMLElement {
  const { prompt } = state.context;
  const waiting = state.pending?.kind === 'pickPrompt';
  return section(
    'prompt',
    'Prompt that produced it',
    prompt
      ? h('p', {}, fileLink('prompt-open', prompt.label, prompt.uri))
      : h('p', { class: 'muted' }, 'No prompt linked. Link the prompt file the agent was given, so the record says which direction produced this output.'),
    h(
      'div',
      { class: 'row' },
      button('prompt-pick', prompt ? 'Change prompt…' : 'Link prompt…', pickPrompt, { class: 'secondary', disabled: waiting || state.pending !== null }),
      waiting ? h('span', { class: 'muted' }, 'Choose the prompt in the picker at the top of the window…') : null,
    ),
  );
}

const STATUS_LABEL: Record<CheckStatus | 'running' | 'waiting', { icon: string; text: string }> = {
  pass: { icon: '✓', text: 'Passed' },
  fail: { icon: '✗', text: 'Failed' },
  error: { icon: '!', text: 'Could not run' },
  skipped: { icon: '–', text: 'Skipped' },
  running: { icon: '…', text: 'Running' },
  waiting: { icon: '…', text: 'Waiting' },
};

function renderChecks(checklist: Checklist | undefined): HTMLElement {
  const lists = state.checklists;
  if (lists.status === 'loading') {
    return section('checks', 'Automatic checks', h('p', { class: 'progress' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading the checklist…'));
  }
  if (lists.status === 'error') {
    return section('checks', 'Automatic checks', h('p', { class: 'error' }, `The checklist could not be loaded: ${lists.message}`));
  }
  if (!checklist) {
    return section(
      'checks',
      'Checklist',
      h('p', {}, 'No checklist applies to these files. A team defines its checklists under "checklists" in .promptcoach.json.'),
    );
  }
  const autos = checklist.items.map((item, index) => ({ item, index })).filter(({ item }) => item.auto);
  const results = currentResults(checklist);
  const running = state.checks.status === 'running';
  return section(
    'checks',
    'Automatic checks',
    renderChecklistChoice(lists.checklists, checklist),
    !lists.trusted && autos.some(({ item }) => item.auto?.type === 'command')
      ? h('p', { class: 'muted' }, 'This workspace is not trusted, so project commands are not run: judge those items yourself.')
      : null,
    autos.length === 0
      ? h('p', { class: 'muted' }, 'This checklist has no automatic checks.')
      : [
          running
            ? h(
                'div',
                { class: 'progress' },
                h('span', { class: 'spinner', 'aria-hidden': 'true' }),
                h('span', {}, `Running ${plural(autos.length, 'automatic check')}…`),
                h('progress', { 'aria-label': 'Automatic checks running' }),
              )
            : results
              ? h('p', { class: 'summary' }, summaryLine(results))
              : null,
          h(
            'ol',
            { class: 'checks' },
            autos.map(({ item, index }) => renderCheck(item, index, results?.find((r) => r.itemId === item.id), running)),
          ),
          running ? null : button('checks-rerun', 'Run the checks again', rerunChecks, { class: 'secondary' }),
        ],
  );
}

function renderChecklistChoice(checklists: Checklist[], checklist: Checklist): HTMLElement {
  const version = h('span', { class: 'muted' }, ` · version ${checklist.version}`);
  const description = checklist.description ? h('p', { class: 'muted' }, checklist.description) : null;
  if (checklists.length === 1) {
    return h('div', {}, h('p', { class: 'checklist-name' }, 'Checklist: ', h('strong', {}, checklist.title), version), description);
  }
  const select = h(
    'select',
    { id: 'checklist', disabled: state.pending !== null },
    checklists.map((c) => h('option', { value: c.id, selected: c.id === checklist.id }, c.title)),
  );
  select.addEventListener('change', () => selectChecklist(select.value));
  return h('div', {}, h('p', { class: 'checklist-name' }, h('label', { for: 'checklist' }, 'Checklist: '), select, version), description);
}

function summaryLine(results: CheckResult[]): string {
  const c = countResults(results);
  const parts = [`${c.pass} passed`, `${c.fail} failed`];
  if (c.error) parts.push(`${c.error} could not run`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  return `${plural(results.length, 'automatic check')}: ${parts.join(', ')}.`;
}

function renderCheck(item: ChecklistItem, index: number, result: CheckResult | undefined, running: boolean): HTMLElement {
  const status = result?.status ?? (running ? 'running' : 'waiting');
  const label = STATUS_LABEL[status];
  const decided = decidedByCheck(item, result);
  return h(
    'li',
    { class: `check status-${status}`, id: `check-${index}`, tabindex: -1, 'data-item-id': item.id },
    h('span', { class: `badge badge-${status}` }, h('span', { class: 'icon', 'aria-hidden': 'true' }, label.icon), ` ${label.text}`),
    h(
      'div',
      { class: 'check-body' },
      h('p', { class: 'check-text' }, h('span', { class: 'item-text' }, item.text), item.required ? h('span', { class: 'tag' }, 'Required') : null),
      clauseLine(item, `check-${index}-clause`),
      item.help ? h('details', { id: `check-${index}-help` }, h('summary', {}, 'What else to look at'), h('p', { class: 'help' }, item.help)) : null,
      result?.message ? h('p', { class: 'check-message' }, result.message) : null,
    result && result.findings.length > 0
      ? h(
          'ul',
          { class: 'findings', 'aria-label': `Findings of “${item.text}”` },
          result.findings.map((f, j) =>
            h('li', {}, fileLink(`check-${index}-finding-${j}`, `${f.path}:${f.line}`, f.path, f.line), h('span', {}, ` ${f.message}`)),
          ),
        )
      : null,
      result?.output ? h('pre', { class: 'output', tabindex: 0, 'aria-label': `Output of “${item.text}”` }, result.output) : null,
      result && !decided
        ? [h('p', { class: 'muted' }, 'The check could not decide this item: judge it yourself.'), renderItemEditor(item, index, { number: null })]
        : null,
    ),
  );
}

function renderManual(checklist: Checklist): HTMLElement {
  const manual = checklist.items.map((item, index) => ({ item, index })).filter(({ item }) => !item.auto);
  return section(
    'manual',
    'Your review',
    manual.length === 0
      ? h('p', { class: 'muted' }, 'This checklist has only automatic checks.')
      : [
          h('p', { class: 'muted' }, 'Mark each item Pass, Fail or Not applicable. A failed item needs a note saying what is wrong.'),
          manual.map(({ item, index }, n) => renderItemEditor(item, index, { number: n + 1 })),
        ],
  );
}

const VERDICTS: { value: Verdict; label: string }[] = [
  { value: 'pass', label: 'Pass' },
  { value: 'fail', label: 'Fail' },
  { value: 'na', label: 'Not applicable' },
];

/**
 * One item: its text, help, a native radio group (arrow keys, Space) and a note. `number` counts
 * the manual items; null for an automatic item the reviewer judges inside its check (inline).
 */
function renderItemEditor(item: ChecklistItem, index: number, { number }: { number: number | null }): HTMLElement {
  const inline = number === null;
  const checklistId = state.answers.checklistId ?? '';
  const answer = answerOf(state.answers, checklistId, item.id);
  const id = `item-${index}`;
  const disabled = state.pending?.kind === 'submit';
  const radios = VERDICTS.map(({ value, label }) => {
    const input = h('input', {
      type: 'radio',
      name: `verdict-${index}`,
      id: `${id}-${value}`,
      value,
      checked: answer.verdict === value,
      disabled,
    });
    input.addEventListener('change', () => {
      if (input.checked) setAnswers(withAnswer(state.answers, checklistId, item.id, { verdict: value }));
      refresh();
    });
    return h('label', { class: `verdict verdict-${value}`, for: `${id}-${value}` }, input, h('span', {}, label));
  });
  const note = h('textarea', {
    id: `${id}-note`,
    rows: 2,
    'aria-describedby': `${id}-error`,
    disabled,
  });
  note.value = answer.note;
  note.addEventListener('input', () => {
    setAnswers(withAnswer(state.answers, checklistId, item.id, { note: note.value }));
    refresh();
  });
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hint = h('span', { class: 'muted' }, ' (optional)');
  const fieldset = h(
    'fieldset',
    { class: inline ? 'item inline' : 'item', id, 'data-item-id': item.id, 'aria-describedby': item.standard && !inline ? `${id}-clause` : undefined },
    h(
      'legend',
      {},
      inline ? null : h('span', { class: 'item-number' }, `${number}.`),
      h('span', { class: 'item-text' }, inline ? 'Your verdict' : item.text),
      item.required ? h('span', { class: 'tag' }, 'Required') : null,
    ),
    inline ? null : clauseLine(item, `${id}-clause`),
    item.help && !inline ? h('details', { id: `${id}-help` }, h('summary', {}, 'How to check'), h('p', { class: 'help' }, item.help)) : null,
    h('div', { class: 'verdicts' }, radios),
    h('label', { class: 'note-label', for: `${id}-note` }, 'Note', hint),
    note,
    error,
  );
  refs.items.set(item.id, { fieldset, note, error, hint });
  return fieldset;
}

/** "Team standard DIR-2: Every task prompt states how success is judged." under an item that checks a clause. */
function clauseLine(item: ChecklistItem, id: string): HTMLElement | null {
  if (!item.standard) return null;
  return h('p', { class: 'clause', id }, h('span', { class: 'clause-id' }, `Team standard ${item.standard.id}`), `: ${item.standard.text}`);
}

function renderDecision(checklist: Checklist): HTMLElement {
  const submitting = state.pending?.kind === 'submit';
  const { rejecting } = state.answers;
  const accept = button('accept', 'Accept', () => submit('accepted'), { class: 'primary', 'aria-describedby': 'accept-why' });
  const reject = button('reject', 'Reject…', () => setRejecting(!state.answers.rejecting), {
    class: 'secondary',
    'aria-expanded': rejecting ? 'true' : 'false',
    'aria-controls': 'reject-form',
    disabled: submitting,
  });
  const acceptWhy = h('div', { id: 'accept-why', class: 'why' });
  refs.accept = accept;
  refs.acceptWhy = acceptWhy;

  let rejectForm: HTMLElement | null = null;
  if (rejecting) {
    const reason = h('textarea', { id: 'reject-reason', rows: 3, 'aria-describedby': 'reject-error', 'aria-required': 'true', disabled: submitting });
    reason.value = state.answers.rejectReason;
    reason.addEventListener('input', () => {
      setAnswers({ ...state.answers, rejectReason: reason.value });
      refresh();
    });
    const rejectError = h('div', { id: 'reject-error', class: 'field-error', hidden: true });
    refs.rejectError = rejectError;
    refs.rejectReason = reason;
    rejectForm = h(
      'div',
      { id: 'reject-form', class: 'reject-form' },
      h('label', { for: 'reject-reason' }, 'Why is the output rejected? ', h('span', { class: 'muted' }, '(required; recorded with the decision)')),
      reason,
      rejectError,
      h(
        'div',
        { class: 'row' },
        button('reject-confirm', 'Reject output', confirmReject, { class: 'danger', disabled: submitting }),
        button('reject-cancel', 'Cancel', () => setRejecting(false), { class: 'secondary', disabled: submitting }),
      ),
    );
  }

  const reviewer = state.context.reviewer;
  return section(
    'decision',
    'Decision',
    h(
      'p',
      { class: 'muted' },
      reviewer ? `Recorded as ${reviewer}, in .promptcoach/inspections/.` : 'Recorded under your git user name, in .promptcoach/inspections/.',
    ),
    h('div', { class: 'row actions' }, accept, reject),
    acceptWhy,
    rejectForm,
    submitting ? h('p', { class: 'progress' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Recording the inspection…') : null,
    state.error ? h('p', { class: 'error', role: 'alert' }, `Not recorded: ${state.error}`) : null,
    checklist.items.length === 0 ? h('p', { class: 'muted' }, 'The checklist has no items.') : null,
  );
}

/** "Needs a note: “A”, “B”." with each item a link that moves the focus to it. */
function renderBlocker(checklist: Checklist, blocker: Blocker): Node[] {
  if (blocker.items.length === 0) return [document.createTextNode(`${blocker.what}.`)];
  const out: Node[] = [document.createTextNode(`${blocker.what}: `)];
  blocker.items.forEach((item, i) => {
    const link = h('a', { href: '#', class: 'item-link', title: item.text }, shortText(item.text));
    link.addEventListener('click', (e) => {
      e.preventDefault();
      focusItem(checklist, item.id);
    });
    out.push(link, document.createTextNode(i === blocker.items.length - 1 ? '.' : ', '));
  });
  return out;
}

/** Moves the focus to an item: its chosen (or first) verdict, else its automatic check. */
function focusItem(checklist: Checklist, itemId: string): void {
  const index = checklist.items.findIndex((i) => i.id === itemId);
  const fieldset = document.getElementById(`item-${index}`);
  const target = fieldset?.querySelector<HTMLInputElement>('input:checked') ?? fieldset?.querySelector<HTMLInputElement>('input') ?? document.getElementById(`check-${index}`);
  target?.focus({ preventScroll: true });
  target?.scrollIntoView({ block: 'center' });
}

/** Updates what depends on the answers (validation, Accept and why not) without rebuilding. */
function refresh(): void {
  const checklist = currentChecklist();
  if (!checklist) return;
  const results = currentResults(checklist);
  const verdicts = assess(checklist, state.answers, results);
  const submitting = state.pending?.kind === 'submit';

  for (const item of checklist.items) {
    const ref = refs.items.get(item.id);
    if (!ref) continue;
    const answer = answerOf(state.answers, checklist.id, item.id);
    const result = results?.find((r) => r.itemId === item.id);
    const missing = missingNote(item, answer, result);
    ref.fieldset.classList.remove('verdict-is-pass', 'verdict-is-fail', 'verdict-is-na');
    if (answer.verdict) ref.fieldset.classList.add(`verdict-is-${answer.verdict}`);
    ref.error.hidden = missing === null;
    ref.error.textContent = missing ? NOTE_MESSAGES[missing] : '';
    if (missing) ref.note.setAttribute('aria-invalid', 'true');
    else ref.note.removeAttribute('aria-invalid');
    const needed = answer.verdict === 'fail' || (answer.verdict === 'na' && item.required);
    ref.hint.textContent = needed ? ' (required)' : ' (optional)';
  }

  if (refs.accept && refs.acceptWhy) {
    refs.accept.disabled = !verdicts.canAccept || submitting;
    refs.acceptWhy.replaceChildren(
      ...nodes([
        verdicts.canAccept
          ? h('p', { class: 'ok' }, h('span', { class: 'icon', 'aria-hidden': 'true' }, '✓ '), 'Every required item passed: the output can be accepted.')
          : h('p', {}, 'Accept is not available yet:'),
        verdicts.canAccept ? null : h('ul', {}, verdicts.acceptBlockers.map((b) => h('li', {}, renderBlocker(checklist, b)))),
      ]),
    );
  }
  if (refs.rejectError && refs.rejectReason) {
    const show = rejectTried && !verdicts.canReject;
    refs.rejectError.hidden = !show;
    refs.rejectError.replaceChildren(...(show ? verdicts.rejectBlockers.map((b) => h('p', {}, renderBlocker(checklist, b))) : []));
    const reasonMissing = rejectTried && state.answers.rejectReason.trim() === '';
    if (reasonMissing) refs.rejectReason.setAttribute('aria-invalid', 'true');
    else refs.rejectReason.removeAttribute('aria-invalid');
  }
}

// ───────────────────────── Start ─────────────────────────
// Last, so every constant above is initialized before the first render.

try {
  state = boot();
} catch (err) {
  root.replaceChildren(h('p', { class: 'error' }, `The inspection could not start: ${(err as Error).message}`));
  throw err;
}
window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => onMessage(event.data));
render();
api.postMessage({ type: 'ready' });
