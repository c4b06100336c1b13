// What happens to one generated file, decided from its bytes alone (pure: no disk).
import type { FileAction } from '../types.js';
import { differingHunks, hasConflictMarkers, markerHunks, merge3, resolveMarkers } from './merge.js';
import type { Hunk } from './merge.js';

export interface OwnedInput {
  path: string;
  /** The file on disk (null: missing). */
  current: string | null;
  /** What we generated last (null: no record, e.g. the manifest was deleted). */
  base: string | null;
  /** The new render (already formatted). */
  render: string;
  onConflict: 'markers' | 'ours' | 'theirs';
  /** --force on a first init: a file we did not generate may be replaced. */
  force: boolean;
}

export interface OwnedDecision {
  action: FileAction;
  /** The file's new content, or null to leave it as it is. */
  text: string | null;
  /** The base to record in the manifest, or null for no entry. */
  base: string | null;
  hunks?: Hunk[];
  /** Why, for a conflict (CONFLICT) or a side taken by --on-conflict (CONFLICT_RESOLVED). */
  message?: string;
}

export function decideSeeded(render: string, current: string | null): FileAction {
  if (current === null) return 'created';
  return current === render ? 'unchanged' : 'skipped';
}

export function decideOwned(input: OwnedInput): OwnedDecision {
  const { path, current, base, render, onConflict } = input;
  if (current === null) return { action: 'created', text: render, base: render };
  const side = onConflict === 'markers' ? null : onConflict;

  // Markers left from an earlier run are never a clean edit: the file stays a conflict until they go,
  // unless a side is chosen explicitly (then our own marked blocks are resolved to that side).
  let ours = current;
  if (hasConflictMarkers(current)) {
    const resolved = side ? resolveMarkers(current, side) : current;
    if (hasConflictMarkers(resolved)) {
      return {
        action: 'conflict',
        text: null,
        base,
        hunks: markerHunks(current),
        message: `${path} still holds conflict markers; resolve them (or rerun with --on-conflict ours|theirs), then run generate again.`,
      };
    }
    ours = resolved;
  }
  const done = (text: string, action: FileAction, message?: string): OwnedDecision => ({
    action: text === current ? 'unchanged' : action,
    text: text === current ? null : text,
    base: render,
    ...(message ? { message } : {}),
  });

  if (ours === render) return done(render, ours === current ? 'unchanged' : 'merged');
  if (base === null) {
    // No record of what we generated: we cannot tell an edit from an old render, so nothing is merged.
    if (input.force) return done(render, 'updated');
    if (side === 'theirs') return done(render, 'updated', `${path}: replaced by the new render (--on-conflict theirs); it had no recorded base to merge against.`);
    if (side === 'ours') {
      const kept = done(ours, 'merged', `${path}: kept as it is (--on-conflict ours); it had no recorded base to merge against, later runs merge against this render.`);
      return kept.action === 'unchanged' ? { ...kept, action: 'skipped' } : kept;
    }
    return {
      action: 'conflict',
      text: null,
      base: null,
      hunks: differingHunks(current, render),
      message: `${path} differs from the new render and there is no record of what was generated before (no manifest entry); it was left as it is. Merge by hand, or rerun with --on-conflict theirs to replace it.`,
    };
  }
  if (ours === base) return done(render, ours === current ? 'updated' : 'merged');

  const merged = merge3(base, ours, render);
  if (merged.hunks.length === 0) return done(merged.text, 'merged');
  if (side) {
    const taken = merge3(base, ours, render, side);
    const what = side === 'ours' ? 'your lines were kept' : 'the generated lines were taken';
    return done(taken.text, 'merged', `${path}: ${merged.hunks.length} conflicting hunk(s), ${what} (--on-conflict ${side}); the rest was merged.`);
  }
  // The base moves to the new render: once the markers are resolved, the user's result is an edit on top of it.
  return {
    action: 'conflict',
    text: merged.text,
    base: render,
    hunks: merged.hunks,
    message: `${path}: your edits overlap the new render in ${merged.hunks.length} place(s), marked with <<<<<<< yours / ======= / >>>>>>> generated.`,
  };
}
