// The chat page: joins a room with the generated client (src/ws/client.js), shows who is there, the messages
// and who is typing, and keeps working across server restarts (the client reconnects and joins again).
import { createClient } from './ws/client.js';

const params = new URLSearchParams(location.search);
const user = params.get('user') ?? 'guest';
const room = params.get('room') ?? 'lobby';
const $ = (id) => document.getElementById(id);

const client = createClient({
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
  // Asked before every connection attempt: a reconnect after 4001 gets a fresh token.
  token: () => fetch(`/token?user=${encodeURIComponent(user)}`).then((r) => (r.ok ? r.text() : null)),
  minDelayMs: 250,
  maxDelayMs: 2000,
});

const members = new Set();
const typing = new Map();
/**
 * Messages by id. The history of a (re)join and the live messages can overlap (the server stores a message
 * before it sends it, so one sent while we join may come both ways) or arrive in either order: merging by id and
 * showing them in server time order shows each message once, in place.
 */
const messages = new Map();

function renderMembers() {
  $('members').replaceChildren(...[...members].sort().map((m) => Object.assign(document.createElement('li'), { textContent: m })));
}

function addMessages(list) {
  for (const message of list) messages.set(message.id, message);
  const ordered = [...messages.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  $('messages').replaceChildren(...ordered.map((m) => Object.assign(document.createElement('li'), { textContent: `${m.userId}: ${m.text}` })));
}

function renderTyping() {
  const now = Date.now();
  const names = [...typing].filter(([, until]) => until > now).map(([name]) => name);
  $('typing').textContent = names.length === 0 ? '' : `${names.join(', ')} typing…`;
}
setInterval(renderTyping, 250);

function joined(reply) {
  members.clear();
  for (const m of reply.members) members.add(m);
  renderMembers();
  addMessages(reply.history);
}

client.onState('open', () => ($('status').textContent = 'connected'));
client.onState('reconnecting', (e) => ($('status').textContent = `reconnecting (attempt ${e.attempt})`));
client.onState('rejoined', (e) => joined(e.result));
client.on('presence', (m) => {
  if (m.payload.event === 'join') members.add(m.payload.userId);
  else members.delete(m.payload.userId);
  renderMembers();
});
client.on('chat-message', (m) => {
  typing.delete(m.payload.userId);
  renderTyping();
  addMessages([m.payload]);
});
client.on('chat-typing', (m) => {
  typing.set(m.payload.userId, Date.now() + 3000);
  renderTyping();
});

$('me').textContent = `${user} in ${room}`;
client.joinRoom(room).then(joined, (error) => ($('status').textContent = `could not join: ${error.message}`));

$('text').addEventListener('input', () => client.typing(room));
$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (text === '') return;
  $('text').value = '';
  client.say(room, text).then((message) => addMessages([message]), (error) => ($('status').textContent = `not sent: ${error.message}`));
});
