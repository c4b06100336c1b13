// Koa 3, TypeScript, CommonJS: `app.listen(port, cb)` returns the http.Server; its result is captured.
// A light suite: it differs from a full fixture in its framework shape only.
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['koa3-ts-cjs']!);
