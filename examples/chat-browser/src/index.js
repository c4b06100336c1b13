// A small Express app for the chat preset's browser demo. `create-ws-server init --preset chat` attaches the
// WebSocket server to `server` below; the page (src/page.js, bundled to public/bundle.js) uses the generated
// client. GET /token?user=<name> hands out a short-lived JWT for the demo (a real app would check a session).
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { SignJWT } from 'jose';

const root = path.dirname(fileURLToPath(import.meta.url));
const app = express();
app.use(express.static(path.join(root, '..', 'public')));

app.get('/token', async (req, res) => {
  const user = String(req.query.user ?? '');
  if (!/^[a-z0-9_-]{1,32}$/i.test(user)) {
    res.status(400).send('user: 1 to 32 letters, digits, _ or -');
    return;
  }
  const secret = new TextEncoder().encode(process.env.WS_JWT_SECRET ?? '');
  const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(user).setIssuedAt().setExpirationTime('10m').sign(secret);
  res.type('text/plain').send(token);
});

const server = http.createServer(app);
const port = Number(process.env.PORT ?? 3000);
server.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${port}/?user=alice`);
});
