// Fastify 4, TypeScript, CommonJS: callback-style `server.listen({ port }, cb)` on an instance named `server`, so the attach call is `attachWebSocketServer(server.server)`.
// A light suite: it differs from a full fixture in its framework shape only.
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['fastify4-ts-cjs']!);
