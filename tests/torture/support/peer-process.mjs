// A client in its own process, so that the torture suite can freeze it with SIGSTOP: its kernel keeps the TCP
// connection up (a half-open peer) while the process never answers a ping again.
// Usage: node peer-process.mjs <ws url> <token> <channel> <local address>
import WebSocket from 'ws';

const [url, token, channel, localAddress] = process.argv.slice(2);
const ws = new WebSocket(url, [], { headers: { authorization: `Bearer ${token}` }, localAddress });
ws.on('error', (error) => {
  console.error(`peer: ${error.message}`);
  process.exit(1);
});
ws.on('message', (data) => {
  const message = JSON.parse(data.toString());
  if (message.type === 'welcome') ws.send(JSON.stringify({ type: 'subscribe', channel, correlationId: 'join' }));
  if (message.type === 'ack' && message.correlationId === 'join') console.log(`subscribed ${message.payload.channel}`);
});
