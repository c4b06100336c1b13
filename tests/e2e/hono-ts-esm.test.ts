// Hono on Node, TypeScript, NodeNext ESM: `serve({ fetch: app.fetch, port }, cb)` returns the server (typed as a union with the HTTP/2 servers, hence the cast).
// A light suite: it differs from a full fixture in its framework shape only.
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['hono-ts-esm']!);
