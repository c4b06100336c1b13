// Koa 2, plain JavaScript, CommonJS: `http.createServer(app.callback())` bound to a variable; the generated server is JavaScript.
// A light suite: it differs from a full fixture in its framework shape only.
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['koa2-js-cjs']!);
