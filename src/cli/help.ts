/** Usage text, one block per command; `--help` prints it, usage errors repeat it on stderr. */

export const MAIN_HELP = `Usage: prompt-coach <command> [options]

Coaches prompt and context files for AI agents (*.prompt.md, AGENTS.md, SKILL.md, .cursorrules, …)
against the team's standard in .promptcoach.json.

Commands:
  lint [paths…]        Check files and folders (default: the current folder)
  score [paths…]       Score files 0–100 by category, and the workspace by kind and folder
  report               Quality over time from the git history, with degradation alerts
  rules                List every built-in rule
  explain <rule-id>    Show why a rule matters, with a bad and a good example
  init [--pack NAME]   Write a .promptcoach.json in the current folder, from a pack if named
  pack check [dir]     Check a pack (promptcoach-pack.json) before it is published
  inspections verify   Check that required outputs carry an accepted inspection (for CI)
  inspections list     List the inspection records of the repository
  lsp --stdio          Start the language server (for editors that speak LSP)
  help [command]       Show help for a command

Options:
  -h, --help           Show help
  -v, --version        Show the version

Run 'prompt-coach <command> --help' for a command's options.
`;

export const LINT_HELP = `Usage: prompt-coach lint [options] [paths…]

Checks prompt and context files. Folders are searched for files whose kind the config's "files"
globs define, honouring .gitignore files and the config's "ignore" globs (node_modules and .git
are always skipped). Files named explicitly are always checked.
A finding whose rule a clause of the team's standard cites names the clause: stylish adds its id,
"(DIR-2)", and writes each clause cited once below the list; the other formats add its text.

Options:
  -f, --format NAME       stylish (default), json, sarif, junit or github
      --fix               Apply fixes, write the files back, report what remains
      --max-warnings N    Exit 1 when there are more than N warnings
  -c, --config FILE       Use this config file instead of the nearest .promptcoach.json
  -q, --quiet             Report errors only
  -o, --output FILE       Write the report to FILE instead of stdout
      --all-files         In folders, also check every .md .mdc .txt .prompty .j2 .jinja .toml
                          .cursorrules .windsurfrules .clinerules file, even of no known kind
      --max-file-size N   Skip files larger than N bytes (default 1048576), with an info finding
      --no-color          No ANSI colours
      --cache             Keep each file's findings and reuse them while the file, its config and
                          what its rules read (referenced files, listings, review dates' day) are
                          unchanged; a new version of prompt-coach starts afresh
      --cache-location P  The cache file, or a folder for it (default .promptcoach/cache/lint.json,
                          which gets a .gitignore); needs --cache
      --workers N         Processes that analyze (default: one per core; 1: this one only).
                          Under 3 MB of files, where starting workers costs more than it saves,
                          this process checks them whatever N is
  -h, --help              Show this help

Exit codes: 0 clean, 1 errors (or warnings over --max-warnings), 2 usage or config error.
`;

export const SCORE_HELP = `Usage: prompt-coach score [options] [paths…]

Scores every prompt and context file 0–100, overall and per category (direction, context, safety,
format), from its findings: each costs points by severity, a rule firing n times costs
1 + ln n times its weight, long files are not punished for length alone, and
score = 100 × e^(−points ÷ scale). Then the workspace: mean, median and distribution, by kind and
by folder. Weights, scale and reference length come from "scoring" in .promptcoach.json.

Options:
  -f, --format NAME   table (default) or json
  -c, --config FILE   Use this config file instead of the nearest .promptcoach.json
      --all-files     Also score every .md, .txt, … file, not only those the config's globs match
  -h, --help          Show this help
`;

export const REPORT_HELP = `Usage: prompt-coach report [options]

Replays the git history of the repository (HEAD's first-parent line): every commit that changed a
prompt or context file gets the workspace's score (see 'prompt-coach score'), per kind, folder and
category, and the findings per rule; each file version is analysed once. Adds the inspection
outcomes from .promptcoach/inspections/. Then it raises degradation alerts with their evidence: the
score fell more than 5 points in 30 days (the commits, authors and files that moved it most), a
rule's hit rate is rising, a kind or folder lags the workspace by more than 15 points, inspections
are rejected more often, a checklist item fails more often ("trends" in .promptcoach.json sets the
thresholds).

Options:
      --since WHEN            90d (days), a date (2026-01-01) or a commit (the report starts after it)
  -f, --format NAME           markdown (default), html (one self-contained file) or json
  -o, --out FILE              Write the report to FILE
      --fail-on-degradation   Exit 1 when there is an alert (for CI)
  -h, --help                  Show this help
`;

export const RULES_HELP = `Usage: prompt-coach rules [--format table|json]

Lists every built-in rule: id, category, default severity, kinds, whether it is fixable and
what it checks. The json format includes the full coaching docs.

Options:
  -f, --format NAME   table (default) or json
  -h, --help          Show this help
`;

export const EXPLAIN_HELP = `Usage: prompt-coach explain <rule-id>

Shows what a rule checks, why it matters, a bad and a good example, the kinds it applies to,
its options and how to configure it in .promptcoach.json. Custom rules of the config in the
current folder can be explained too.

Options:
  -h, --help   Show this help
`;

export const INIT_HELP = `Usage: prompt-coach init [--pack NAME] [--force]

Writes a .promptcoach.json in the current folder. Without --pack, a starter config: it extends
promptcoach:recommended and shows, commented out, how to set rules, add overrides and write a
custom rule. With --pack, a config that extends the pack NAME, then what the workspace now
follows: the pack's name, version and description, its standard's clauses and its templates.
NAME is resolved first, as "extends" resolves it; when it cannot be, nothing is written.

Options:
  -p, --pack NAME   Extend this pack: promptcoach:recommended or promptcoach:strict, a folder
                    holding a promptcoach-pack.json (./packs/acme), or an npm package installed
                    in the workspace (@acme/prompt-standard)
      --force       Overwrite an existing .promptcoach.json
  -h, --help        Show this help

Exit codes: 0 written, 2 not written (the config exists, or NAME cannot be resolved).
`;

export const PACK_HELP = `Usage: prompt-coach pack check [dir] [--format text|json]

Checks the pack in dir (default: the current folder) before it is published. Reads its
promptcoach-pack.json and reports, each at file:line:col:
  - JSON syntax and schema problems, unknown rule ids in "rules", and "extends" that do not resolve
  - rules and checklist items ('checklist-id/item-id') a clause cites that neither the pack nor the
    built-in presets define
  - template files that are missing or unreadable, inputs a template's fileName or folder uses
    without declaring them, and declared inputs never used
  - findings of the direction and format rules, under the pack's own config, in the file each
    template makes with sample answers (each input's default, else a sample word): warnings, since
    a template should already pass the standard's direction rules
  - a package.json next to it whose name or version differ from the pack's, or whose "files"
    leave out promptcoach-pack.json or a template (warnings)

Options:
  -f, --format NAME   text (default) or json
  -h, --help          Show this help

Exit codes: 0 no errors (warnings alone pass), 1 errors, 2 usage error or no promptcoach-pack.json.
`;

export const LSP_HELP = `Usage: prompt-coach lsp --stdio

Starts the Prompt Coach language server, the one the VS Code extension runs, for any editor that
speaks the Language Server Protocol (Neovim, Helix, Zed, Emacs, Sublime Text, …). It checks the
prompt and context files the workspace's .promptcoach.json defines and offers quick fixes, hovers,
completion, document symbols and code lenses. Settings come from the "promptcoach" section of
workspace/configuration.

Transport (one of):
      --stdio                 Talk over stdin and stdout
      --node-ipc              Talk over Node IPC (when started by a Node parent process)
      --socket=PORT           Connect to a socket on localhost
      --pipe=NAME             Connect to a named pipe

Options:
      --clientProcessId=PID   Exit when this process exits
  -h, --help                  Show this help
`;

export const INSPECTIONS_HELP = `Usage: prompt-coach inspections verify [--since REF] [--format text|json|sarif|github]
       prompt-coach inspections list [--format table|json]

Reviewers sign off agent output in the Prompt Coach checklist panel; each Accept or Reject is one
line in .promptcoach/inspections/YYYY-MM.jsonl, committed with the work.

verify   Every file the config's "inspection": { "required": [globs] } names must carry an
         accepted inspection of its current content: the latest record naming the file decides.
         A file fails as "none" (no record names it), "rejected" (the latest record rejected it)
         or "stale" (accepted, but its sha256 differs from the one recorded). Files are the
         tracked and untracked (not ignored) files of the repository.
list     Every record, oldest first: time, decision, reviewer, checklist, files. Lines that are
         not valid records are reported (on stderr for the table).

Options:
      --since REF     verify only files changed since REF: committed on this branch since it left
                      REF (git diff REF...HEAD), plus staged, unstaged and untracked files. In CI,
                      fetch REF first (actions/checkout: fetch-depth: 0)
  -f, --format NAME   verify: text (default), json, sarif or github; list: table (default) or json
  -h, --help          Show this help

Exit codes: 0 every required file is covered, 1 some are not, 2 usage, config or git error.
`;
