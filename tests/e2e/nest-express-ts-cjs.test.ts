// NestJS 11 on the Express platform (CommonJS; Nest 12 is ESM-only): `await app.listen(...)` in src/main.ts
// resolves before the server is handed out, so the CLI attaches to `app.getHttpServer()` right after it.
// A light suite: Nest's routes must still answer next to our upgrade handling.
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['nest-express-ts-cjs']!);
