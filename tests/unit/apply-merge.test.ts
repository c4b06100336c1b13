import { describe, expect, it } from 'vitest';
import { decideOwned } from '../../src/apply/decide.js';
import { differingHunks, hasConflictMarkers, markerHunks, merge3, resolveMarkers } from '../../src/apply/merge.js';
import { unifiedDiff } from '../../src/apply/unified-diff.js';

const base = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n';

describe('merge3', () => {
  it('merges edits to different regions byte for byte', () => {
    const ours = base.replace('two', 'two (mine)');
    const theirs = base.replace('six', 'six (new)');
    expect(merge3(base, ours, theirs)).toEqual({ text: 'one\ntwo (mine)\nthree\nfour\nfive\nsix (new)\nseven\n', hunks: [] });
  });

  it('treats the same change on both sides as no conflict', () => {
    const both = base.replace('four', 'FOUR');
    expect(merge3(base, both, both)).toEqual({ text: both, hunks: [] });
  });

  it('marks overlapping edits, with the user side first, and reports the hunk lines', () => {
    const r = merge3(base, base.replace('four', 'four (mine)'), base.replace('four', 'four (new)'));
    expect(r.text).toBe('one\ntwo\nthree\n<<<<<<< yours\nfour (mine)\n=======\nfour (new)\n>>>>>>> generated\nfive\nsix\nseven\n');
    expect(r.hunks).toEqual([{ start: 4, end: 8 }]);
    expect(markerHunks(r.text)).toEqual(r.hunks);
  });

  it('takes one side of an overlap when asked, merging the rest', () => {
    const ours = base.replace('four', 'four (mine)').replace('one', 'one (mine)');
    const theirs = base.replace('four', 'four (new)').replace('seven', 'seven (new)');
    expect(merge3(base, ours, theirs, 'ours').text).toBe('one (mine)\ntwo\nthree\nfour (mine)\nfive\nsix\nseven (new)\n');
    expect(merge3(base, ours, theirs, 'theirs').text).toBe('one (mine)\ntwo\nthree\nfour (new)\nfive\nsix\nseven (new)\n');
  });

  it('keeps CRLF line endings and a missing final newline', () => {
    const b = 'a\r\nb\r\nc\r\nd\r\ne';
    const r = merge3(b, b.replace('a', 'A'), b.replace('e', 'E'));
    expect(r.text).toBe('A\r\nb\r\nc\r\nd\r\nE');
    const c = merge3(b, b.replace('e', 'mine'), b.replace('e', 'new'));
    expect(c.text).toBe('a\r\nb\r\nc\r\nd\r\n<<<<<<< yours\r\nmine\r\n=======\r\nnew\r\n>>>>>>> generated\r\n');
  });
});

describe('conflict markers', () => {
  it('finds ours and any other tool\'s markers, but not look-alikes', () => {
    expect(hasConflictMarkers('x\n<<<<<<< yours\n')).toBe(true);
    expect(hasConflictMarkers('x\n>>>>>>> theirs\n')).toBe(true);
    expect(hasConflictMarkers('const s = "<<<<<<< yours";\n')).toBe(false);
    expect(hasConflictMarkers('// ======= a divider\n')).toBe(false);
  });

  it('resolves our own marked blocks to one side', () => {
    const marked = 'a\n<<<<<<< yours\nmine\n=======\nnew\n>>>>>>> generated\nb\n';
    expect(resolveMarkers(marked, 'ours')).toBe('a\nmine\nb\n');
    expect(resolveMarkers(marked, 'theirs')).toBe('a\nnew\nb\n');
  });

  it('stays a conflict while markers are left, whatever the base says', () => {
    const current = 'a\n<<<<<<< yours\nmine\n=======\nnew\n>>>>>>> generated\n';
    const d = decideOwned({ path: 'f.ts', current, base: 'a\nnew\n', render: 'a\nnew\n', onConflict: 'markers', force: false });
    expect(d).toMatchObject({ action: 'conflict', text: null, base: 'a\nnew\n', hunks: [{ start: 2, end: 6 }] });
    const theirs = decideOwned({ path: 'f.ts', current, base: 'a\nnew\n', render: 'a\nnew\n', onConflict: 'theirs', force: false });
    expect(theirs).toMatchObject({ action: 'merged', text: 'a\nnew\n' });
  });

  it('points at the differing lines when there is no base', () => {
    expect(differingHunks('a\nb\nc\nd\n', 'a\nB\nc\nd\n')).toEqual([{ start: 2, end: 2 }]);
  });
});

describe('unifiedDiff', () => {
  it('prints a diff -u hunk with three lines of context', () => {
    const after = base.replace('four', 'FOUR');
    expect(unifiedDiff('src/ws/x.ts', base, after)).toBe(
      '--- a/src/ws/x.ts\n+++ b/src/ws/x.ts\n@@ -1,7 +1,7 @@\n one\n two\n three\n-four\n+FOUR\n five\n six\n seven\n',
    );
  });

  it('splits distant changes into hunks and handles created and deleted files', () => {
    const long = Array.from({ length: 20 }, (_, i) => `l${i + 1}\n`).join('');
    const after = long.replace('l2\n', 'L2\n').replace('l18\n', 'L18\n');
    const d = unifiedDiff('f', long, after);
    expect(d.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,5 +1,5 @@', '@@ -15,6 +15,6 @@']);
    expect(unifiedDiff('f', null, 'a\n')).toBe('--- /dev/null\n+++ b/f\n@@ -0,0 +1,1 @@\n+a\n');
    expect(unifiedDiff('f', 'a\n', null)).toBe('--- a/f\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-a\n');
    expect(unifiedDiff('f', 'a\n', 'a\n')).toBe('');
  });
});
