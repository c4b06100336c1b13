// Koa 2 in JavaScript CommonJS checked by `// @ts-check` + jsconfig.json: the wired entry must still pass the
// repo's own check, and the generated JavaScript carries its types as JSDoc that pass the same strict check
// (the shared suite runs `tsc -p jsconfig.json` and checks every generated file, as the spec names a
// typecheckProject).
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['checkjs-cjs']!);
