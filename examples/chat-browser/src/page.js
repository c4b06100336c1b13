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

function renderMembers() {
  $('members').replaceChildren(...[...members].sort().map((m) => Object.assign(document.createElement('li'), { textContent: m })));
}

function addMessage(message) {
  const li = document.createElement('li');
  li.textContent = `${message.userId}: ${message.text}`;
  $('messages').append(li);
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
  $('messages').replaceChildren();
  reply.history.forEach(addMessage);
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
  addMessage(m.payload);
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
  client.say(room, text).then(addMessage, (error) => ($('status').textContent = `not sent: ${error.message}`));
});
