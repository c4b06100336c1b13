import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, WARNING_CODES } from '../../src/errors.js';

const doc = readFileSync(new URL('../../references/errors.md', import.meta.url), 'utf8');

describe('references/errors.md', () => {
  it('documents every error code with its exit code', () => {
    for (const [code, { exit }] of Object.entries(ERROR_CODES)) {
      expect(doc, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${exit} \\|`));
    }
  });
  it('documents every warning code', () => {
    for (const code of WARNING_CODES) expect(doc, code).toContain(`| \`${code}\` |`);
  });
});
