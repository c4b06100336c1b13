// Express 5, plain JavaScript ESM (`"type": "module"`): the generated server is ESM JavaScript that runs under plain node.
// A light suite: it differs from a full fixture in its module set-up only.
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['esm-js']!);
