import { z } from 'zod';
import type { PromptDocument } from '../document';
import { defineRule } from '../types';
import { addSection } from './direction-sections';
import { directionApplies, kindNoun, signalsOf, toolNames, topRange } from './util';

/** Headings of a section that says when to stop, hand back or ask. */
const STOP_HEADING =
  /\b(?:when to (?:stop|ask|escalate|hand (?:off|back)|finish)|stop(?:ping)?(?: conditions?| criteria| rules| points?)?|exit (?:criteria|conditions?)|completion|definition of done|done|hand-?offs?|handing (?:off|back|over)|escalat(?:e|ion)|finish(?:ing)?|wrap(?:ping)?[- ]up|final (?:report|summary|output|step|answer)|success criteria|acceptance criteria|checkpoints?|approvals?|confirmation|clarifi(?:cation|cations|ying questions)|questions? (?:to ask|for the user)|ask(?:ing)? (?:the user|for help|questions)|human[- ]in[- ]the[- ]loop|when (?:stuck|blocked|unsure|in doubt)|limits?)\b/i;

/** Phrases that end the loop: a stop, a hand-back, a question to the user, a bound on attempts. */
const STOP_PHRASE = new RegExp(
  [
    // "Stop when …", "stop and ask", "halt", "give up after …".
    `\\bstop(?:s|ping)? (?:when|if|and|once|after|before|at|here|there|immediately|working|as soon)\\b|\\b(?:halt|pause|abort)(?:s|ed|ing)?\\b|\\bgive up\\b`,
    // "Ask the user", "ask for clarification", "ask before", "clarifying questions".
    `\\bask(?:s|ing)? (?:\\w+ ){0,3}for\\b|\\bask(?:s|ing)? (?:the (?:user|developer|requester|human|operator|caller)|me|them|us|for (?:clarification|confirmation|approval|permission|input|feedback|more|help|guidance|details|direction)|clarifying|follow-up|before|first|questions?|if|whether|when)\\b|\\bclarifying questions?\\b|\\b(?:request|seek|get) clarification\\b`,
    `\\bif (?:you are |you're |anything is |something is |it is |it's |the (?:\\w+ ){1,2}(?:is|are) |requirements are |you (?:cannot|can't|can not) )?(?:unsure|uncertain|unclear|ambiguous|in doubt|not sure|stuck|blocked|determine|find|proceed|decide)\\b|\\bwhen (?:in doubt|unsure|uncertain|stuck|blocked)\\b`,
    // "Confirm with the user", "wait for approval", "without explicit approval".
    `\\b(?:confirm|check|verify|clarify|discuss|review) (?:\\w+ ){0,3}with the (?:user|developer|requester|human|team)\\b|\\b(?:user|explicit|human|their|your) (?:confirmation|approval|consent|sign-?off|permission|go-ahead)\\b`,
    `\\b(?:get|seek|obtain|request|wait for|await|require|needs?|with|without|after|upon) (?:\\w+ ){0,2}(?:confirmation|approval|consent|sign-?off|permission|go-ahead)\\b|\\bwait(?:s|ing)? (?:for|until)\\b|\\buntil\\b`,
    // "When done", "once all tests pass", "the task is complete".
    `\\b(?:when|once|after|if|until) (?:you(?:'re| are| have)? |the (?:\\w+ ){0,2}(?:is|are|has|have) |all (?:\\w+ ){0,3}(?:are|is|have) |everything is |it is |they are )?(?:done|finished|complete[ds]?|resolved|satisfied|passing|pass|green|fixed|approved|verified)\\b`,
    `\\b(?:task|job|work|session|loop|conversation) (?:is |as )?(?:done|complete|finished|over)\\b|\\b(?:upon|on|after) completion\\b|\\bend (?:the|your) (?:turn|session|loop|task|conversation)\\b|\\bconclude\\b`,
    // Hand-offs: "hand off to", "hand back", "report back", "return control to the user", "escalate".
    `\\bhand(?:s|ing|ed)? (?:it |this |that |them |the (?:\\w+ ){0,2})?(?:off|back|over)\\b|\\bhand-?offs?\\b|\\breturn(?:s|ing)? (?:control|(?:\\w+ ){0,3}to the (?:user|caller|main agent|orchestrator|parent|requester))\\b|\\breport(?:s|ing)? (?:back|to (?:the )?(?:user|commander|orchestrator|parent|lead|caller|requester|main agent))\\b|\\bconsider(?:ing)? (?:\\w+ ){0,3}(?:done|complete|finished)\\b|\\bescalat(?:e|es|ing|ion)\\b|\\bdefer to\\b`,
    `\\b(?:delivery|completion) (?:notification|package|message|report|summary)\\b|\\bnotify (?:the (?:user|team|requester|caller|orchestrator)|me)\\b|\\bfinal (?:report|summary|answer|message|response|deliverable)\\b|\\b(?:diff|change|changes) summary\\b|\\bsummary of (?:the |all |your )?(?:changes|edits|work|what (?:changed|was done|you did))\\b|\\bsummari[sz]e (?:\\w+ ){0,4}(?:for|to) the user\\b`,
    // Criteria that end the work: "definition of done", "done when", "exit criteria".
    `\\b(?:definition of done|done when|exit criteria|completion criteria|success criteria|acceptance criteria|stop(?:ping)? (?:condition|criteria|rule|point))\\b`,
    // Bounds on attempts: "at most 3 attempts", "after two failed tries".
    `\\b(?:max(?:imum)?|at most|no more than|up to|limit(?: of)?|after) (?:\\d+|one|two|three|four|five|ten) (?:failed |unsuccessful )?(?:attempts?|iterations?|retries|tries|rounds?|cycles?|passes|loops?|turns?|times)\\b`,
    // "Do not proceed/continue/make changes without …", "never commit without …".
    `\\b(?:do not|don't|never|must not) (?:proceed|continue|start|begin|make (?:any )?changes|modify|edit|overwrite|remove|change|commit|push|apply|delete|deploy|merge|install|run|move on)\\b[^.!?\\n]{0,60}?\\b(?:without|before|until|unless)\\b`,
  ].join('|'),
  'i',
);

/** Frontmatter keys that end or bound the loop: VS Code `handoffs`, a turn limit. */
const STOP_KEY = /^(?:handoffs|max[-_]?turns|max[-_]?iterations|timeout[-_]?minutes)$/i;

/** Tools that only read or look up: an agent limited to them answers and stops. */
const READ_ONLY_TOOL =
  /^(?:read|readfile|grep|glob|ls|list|search|codebase|fetch|web|webfetch|websearch|usages|problems|changes|findtestfiles|githubrepo|searchresults|terminallastcommand|terminalselection|testfailure|vscodeapi|think|todos?|todowrite|todoread|opensimplebrowser|getprojectsetupinfo)$/i;
/** Namespaces (`read/readFile`, `search/usages`, `web/fetch`) whose tools only read. */
const READ_ONLY_NAMESPACE = /^(?:read|search|web)$/i;

function readOnly(tool: string): boolean {
  const name = tool.replace(/^['"]|['"]$/g, '').replace(/\(.*$/, '');
  const [namespace, rest] = name.includes('/') ? (name.split('/', 2) as [string, string]) : [undefined, name];
  if (namespace !== undefined && READ_ONLY_NAMESPACE.test(namespace)) return true;
  return READ_ONLY_TOOL.test(rest);
}

/**
 * Whether the agent acts in a loop: it has tools that change something. No `tools` key means the
 * default or inherited tools (every tool); an empty list, or only tools that read, means it answers.
 */
function acts(doc: PromptDocument): boolean {
  // Frontmatter that does not parse says nothing reliable about the tools: leave the file to the YAML error.
  if (doc.frontmatter?.errors.length) return false;
  const data = doc.frontmatter?.data ?? {};
  if (!('tools' in data)) return true;
  const tools = toolNames(data['tools']);
  if (tools === undefined) return true;
  return tools.some((t) => !readOnly(t));
}

/**
 * Verbs of open-ended work on a codebase or a system: an agent for that decides on its own how far to go.
 * Agents that build, write or generate one artifact end with it, and advisers end with an answer.
 */
const OPEN_ENDED_VERB = [
  'fix(?:es|ed|ing)?|implement(?:s|ed|ing)?|refactor(?:s|ed|ing)?|migrat(?:e|es|ed|ing)|upgrad(?:e|es|ed|ing)',
  'clean(?:s|ed|ing)?|cleanup|remov(?:e|es|ed|ing)|delet(?:e|es|ed|ing)|deploy(?:s|ed|ing)?|execut(?:e|es|ed|ing)',
  'automat(?:e|es|ed|ing)|appl(?:y|ies|ied|ying) (?:the |your |all )?(?:changes|fixes|patches|updates|migrations?)|resolv(?:e|es|ed|ing)|modif(?:y|ies|ied|ying)|rewrit(?:e|es|ing)',
  'moderni[sz](?:e|es|ed|ing)|patch(?:es|ed|ing)?|install(?:s|ed|ing)?|provision(?:s|ed|ing)?|scaffold(?:s|ed|ing)?',
  'remediat(?:e|es|ed|ing)|eliminat(?:e|es|ed|ing)|convert(?:s|ed|ing)?|port(?:s|ed|ing)?|debug(?:s|ged|ging)?',
  'troubleshoot(?:s|ed|ing)?|administer(?:s|ed|ing)?',
  'perform(?:s|ing)? (?:\\w+ ){0,2}(?:tasks|changes|migrations?|upgrades?|cleanups?|clean-ups?|refactorings?|fixes|deployments?|maintenance|operations)',
].join('|');
/**
 * A purpose of that kind: "Perform janitorial tasks …", "Refactoring specialist: removes dead code",
 * "You are an agent that migrates …", "Your objective is to … resolve bugs".
 */
const OPEN_ENDED_PURPOSE = new RegExp(
  `(?:^|: |\\b(?:that|who|which|to|will|then) (?:\\w+ly )?(?:\\w+, (?:\\w+,? )?(?:and |or )?)?)(?:${OPEN_ENDED_VERB})\\b`,
  'i',
);

/** The description and the file's first two sentences: where it says what the agent is for. */
function openEnded(doc: PromptDocument): boolean {
  const lead = (text: string) => text.replace(/^[^\p{L}]+/u, '');
  const purpose = [signalsOf(doc).description];
  for (const sentence of doc.sentences) {
    if (purpose.length > 2) break;
    if (/\p{L}{3}/u.test(sentence.text)) purpose.push(sentence.text);
  }
  return purpose.some((t) => OPEN_ENDED_PURPOSE.test(lead(t)));
}

const OPTIONS = z
  .object({
    agents: z
      .enum(['open-ended', 'acting'])
      .default('open-ended')
      .describe(
        "Which agents must state a stop condition: 'open-ended' (those whose description or opening gives them change work: fix, migrate, clean up, deploy, …) or 'acting' (every agent with tools that change something).",
      ),
  })
  .default({ agents: 'open-ended' });

export const stopConditionMissing = defineRule({
  meta: {
    id: 'stop-condition-missing',
    category: 'direction',
    defaultSeverity: 'info',
    kinds: ['agent'],
    fixable: true,
    options: OPTIONS,
    docs: {
      summary:
        'An agent that changes things on its own (fixes, migrates, cleans up, deploys) should say when to stop, when to hand back and when to ask the user.',
      rationale:
        'An agent runs in a loop: it calls a tool, reads the result and decides what to do next. Without a stop ' +
        'condition it decides alone when the work is over, so it either stops at the first plausible result or keeps ' +
        'going, editing files and running commands well past what was asked. "Stop when the tests pass", "ask before ' +
        'deleting anything", "if the request is unclear, ask" put the operator back in the loop at the moments that ' +
        'matter.',
      bad: "---\ndescription: Clean up dead code in the repository\ntools: ['edit', 'runCommands']\n---\nRemove unused functions, imports and dependencies.",
      good:
        "---\ndescription: Clean up dead code in the repository\ntools: ['edit', 'runCommands']\n---\nRemove unused functions, imports and dependencies.\n\n" +
        '## When to stop\n\n- Stop and report when `npm test` passes and nothing unused is left.\n- Ask the user before removing an exported function, and after three failed attempts at one change.',
      kindsNote:
        'Agents (custom agents, chat modes, Claude subagents) that change things: tools that edit or run something (no ' +
        '`tools` key means the default or inherited tools, so every tool), and a description or opening that gives them ' +
        'open-ended change work (fix, implement, migrate, upgrade, clean up, remove, deploy, troubleshoot, …). An agent ' +
        'whose tools only read, an adviser, a reviewer, a planner or a writer ends with its answer or its document and ' +
        'is left alone unless `agents` is `acting`. Prompts and skills run one task whose end `success-criteria-missing` ' +
        'covers; instructions, rules and context files set no task; files not written in English, JSON payloads and media ' +
        'prompts are skipped.',
      options:
        "`agents` (default `'open-ended'`): `'open-ended'` checks agents whose description or first sentences give them " +
        "change work; `'acting'` checks every agent with tools that edit or run something, advisers included.",
      precision: {
        right: 10,
        judged: 11,
        note:
          'All 11 corpus findings judged (janitors, upgraders, legacy modernizers and debuggers with edit or shell tools): ' +
          'the doubtful one is a Node.js builder subagent that also returns to its parent on its own. Checking every ' +
          "acting agent (`agents: 'acting'`) was right for about one in three: advisers, reviewers and planners end " +
          'with their answer, so that is opt-in.',
      },
    },
  },
  check({ doc, options, report }) {
    if (!directionApplies(doc) || !acts(doc)) return;
    if (options.agents === 'open-ended' && !openEnded(doc)) return;
    const signals = signalsOf(doc);
    const stated =
      signals.headings.some((h) => STOP_HEADING.test(h)) ||
      Object.keys(doc.frontmatter?.data ?? {}).some((k) => STOP_KEY.test(k)) ||
      STOP_PHRASE.test(signals.text) ||
      STOP_PHRASE.test(signals.description);
    if (stated) return;
    report({
      range: topRange(doc),
      message: `Unexpected ${kindNoun(doc.kind)} without a stop condition, expected a statement of when to stop, hand back or ask the user (for example 'Stop when the tests pass; ask before deleting files')`,
      fixes: [
        addSection(doc, 'When to stop', [
          '- Stop and report back when [ADD what done looks like].',
          '- Ask the user before [ADD the actions that need approval], and whenever the request is unclear.',
        ]),
      ],
    });
  },
});
