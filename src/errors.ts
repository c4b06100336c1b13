// Every error and warning code the CLI can report, in one place, so the docs
// (references/errors.md) and the tests can enumerate them. Codes are stable strings.

export const ERROR_CODES = {
  USAGE: { exit: 2, hint: 'Run `create-ws-server --help` for the commands and flags.' },
  DECISION_NEEDED: { exit: 2, hint: 'Pass the flag named in the message, or run in a terminal to be asked.' },
  NO_PACKAGE_JSON: { exit: 1, hint: 'Run the CLI in your app root, or pass --cwd <dir>.' },
  PACKAGE_JSON_INVALID: { exit: 1, hint: 'Fix the JSON syntax of package.json, then run again.' },
  NO_SERVER_FOUND: { exit: 2, hint: 'Pass --entry <file> to name the file that starts your HTTP server.' },
  MONOREPO_ROOT: { exit: 2, hint: 'Pass --cwd <app dir> naming the workspace app that should get the WebSocket server.' },
  ENTRY_NOT_FOUND: { exit: 1, hint: 'Pass --entry with a path relative to the app root.' },
  WIRING_UNRECOGNIZED: { exit: 2, hint: 'Pass --entry <file> naming the file that calls listen(), or wire it by hand (see nextSteps).' },
  CONFIG_INVALID: { exit: 1, hint: 'Fix the field named in the message in ws-server.config.json, then run again.' },
  CONFIG_NOT_FOUND: { exit: 1, hint: 'Run `create-ws-server init` first: it writes ws-server.config.json.' },
  PATH_TAKEN: { exit: 1, hint: 'A file we did not generate stands where we need to write; move it, or pass --force to replace it.' },
  INSTALL_FAILED: { exit: 1, hint: 'Run the install command shown in the report by hand and read its output.' },
  MANIFEST_MISSING: { exit: 1, hint: 'Run `create-ws-server generate`: it writes .ws-server/manifest.json, adopting files identical to the new render.' },
  MANIFEST_INVALID: { exit: 1, hint: 'Restore .ws-server/manifest.json from version control, or delete it and run `create-ws-server generate` (identical files are adopted, differing ones reported as conflicts).' },
  FORMAT_FAILED: { exit: 1, hint: "Check the app's Prettier/Biome config (the message names the file), or remove it to write unformatted code." },
  CONFLICTS_LEFT: { exit: 3, hint: 'Edit the hunks between `<<<<<<< yours` and `>>>>>>> generated`, then run generate again; or rerun with --on-conflict ours|theirs.' },
  OUT_OF_DATE: { exit: 4, hint: 'Run `create-ws-server generate` (see `create-ws-server diff` first).' },
  WRITE_FAILED: { exit: 1, hint: 'Check file permissions and free disk space, then run again; no file was left half-written.' },
  INTERNAL: { exit: 1, hint: 'This is a bug in create-ws-server: please report it with the command you ran.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const WARNING_CODES = [
  'EXISTING_WEBSOCKET', // another WebSocket stack is present; we only handle our own path
  'UPGRADE_SWALLOWED', // doctor: an existing WebSocket stack takes every upgrade; init refuses until the named change
  'CONFLICT', // an owned file could not be updated without losing an edit
  'KEPT_EDITED', // a generated file the user edited was kept
  'NO_TYPESCRIPT', // a JavaScript repo: generated code is JavaScript
  'INSTALL_SKIPPED', // --no-install: dependencies recorded in package.json only
  'SEEDED_KEPT', // a seeded file already exists and belongs to the user
  'NO_SERVER_FOUND', // doctor: no server site found
  'MONOREPO_ROOT', // doctor at a workspace root: lists the apps that start a server
  'SEVERAL_SERVERS', // doctor: more than one server site; init needs --entry
  'CONFLICT_RESOLVED', // --on-conflict ours|theirs decided conflicting hunks
  'DIRTY_WORKTREE', // uncommitted changes in git: generate still runs
  'CONFIG_MIGRATED', // an older config version was migrated (written back by generate)
  'FORMATTER_MISSING', // the app declares Prettier/Biome but it is not installed
  'TESTS_NOT_COLLECTED', // the repo's jest config would not collect the generated tests
] as const;

export type WarningCode = (typeof WARNING_CODES)[number];

/** An expected failure: carries a stable code, a message saying what is wrong, and how to fix it. */
export class CliError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.hint = hint ?? ERROR_CODES[code].hint;
    this.exitCode = ERROR_CODES[code].exit;
  }
}
