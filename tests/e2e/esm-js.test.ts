// Express 5, JavaScript ESM (`"type": "module"`) checked by `checkJs` in jsconfig.json: the generated server is
// ESM JavaScript that runs under plain node, and its JSDoc types pass the repo's strict check (the shared suite
// runs `tsc -p jsconfig.json` and checks every generated file, as the spec names a typecheckProject).
// A light suite: it differs from a full fixture in its module set-up only.
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['esm-js']!);
