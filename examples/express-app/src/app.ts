import express from 'express';
import { healthRouter } from './routes/health.js';

export function createApp() {
  const app = express();
  app.use(express.json());
  app.use('/health', healthRouter);
  app.get('/', (_req, res) => {
    res.type('text/plain').send('example app: HTTP on /, WebSocket on /ws after `create-ws-server init`\n');
  });
  return app;
}
