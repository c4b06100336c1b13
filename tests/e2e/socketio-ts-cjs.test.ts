// socket.io already attached to the http.Server: ours is added on /ws next to it, and both keep working
// at the same time (engine.io destroys upgrades it does not handle after a second; ours are answered first).
import { describe, expect, it } from 'vitest';
import { io as socketIoClient } from 'socket.io-client';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['socketio-ts-cjs']!, (ctx) => {
  describe('socket.io next to ours', () => {
    it('warns that socket.io is there and leaves it alone', async () => {
      const { report } = await ctx.scaffold();
      expect(report.warnings.find((w) => w.code === 'EXISTING_WEBSOCKET')?.message).toMatch(/socket\.io is used at src\/index\.ts:3/);
    });

    for (const transport of ['websocket', 'polling'] as const) {
      it(`a socket.io client (${transport}) and a ws client work at the same time, each past the other's 1 s upgrade timeout`, async () => {
        const app = await ctx.boot();
        const ours = await ctx.connect('sam');
        await ours.waitFor((m) => m.type === 'welcome');
        const sio = socketIoClient(app.baseUrl, { transports: [transport], reconnection: false, timeout: 5000 });
        try {
          await new Promise<void>((resolve, reject) => {
            sio.once('connect', () => resolve());
            sio.once('connect_error', reject);
          });
          expect(await sio.timeout(3000).emitWithAck('ping-score', 41)).toBe(42);
          // engine.io would destroy an unhandled upgrade after 1 s: both must still be alive after that
          await new Promise((r) => setTimeout(r, 1300));
          expect((await ours.request({ type: 'subscribe', channel: 'scores' })).type).toBe('ack');
          expect(await sio.timeout(3000).emitWithAck('ping-score', 1)).toBe(2);
          expect(sio.connected).toBe(true);
          expect(ours.isOpen).toBe(true);
        } finally {
          sio.disconnect();
          await ours.close();
        }
      });
    }
  });
});
