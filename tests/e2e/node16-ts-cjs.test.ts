// node:http, TypeScript `module: node16` in a CommonJS package: relative imports need `.js`, and jose (ESM-only) must load the way node16 CommonJS allows.
// A light suite: it differs from a full fixture in its module set-up only.
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['node16-ts-cjs']!);
