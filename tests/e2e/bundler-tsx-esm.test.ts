// Express 5, TypeScript `moduleResolution: bundler` with `paths` aliases (`@/app`), run from source with tsx: the app is followed through the alias.
// A light suite: it differs from a full fixture in its module set-up only.
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['bundler-tsx-esm']!);
