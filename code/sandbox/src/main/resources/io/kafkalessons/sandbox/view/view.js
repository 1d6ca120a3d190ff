// The workshop view's page: renders each snapshot the server streams (about one a second).
// Every text goes through textContent, so nothing the cluster reports can inject markup.
'use strict';

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function time(millis) {
  return new Date(millis).toLocaleTimeString([], { hour12: false });
}

async function post(path) {
  try {
    const answer = await fetch(path, { method: 'POST' });
    const body = await answer.json();
    say(body.message);
  } catch (e) {
    say('the view did not answer: ' + e);
  }
}

function say(text) {
  const m = $('message');
  m.textContent = text;
  m.hidden = false;
}

function renderNodes(s) {
  const cards = s.nodes.map((n) => {
    const badges = el('div', {}, el('span', { class: 'badge state' }, n.state));
    if (n.leader) badges.append(el('span', { class: 'badge leader' }, n.kind === 'kafka' ? 'active controller' : 'ZK leader'));
    if (n.fenced) badges.append(el('span', { class: 'badge fenced' }, 'fenced'));
    const card = el('div', { class: 'node', 'data-node': n.key, 'data-state': n.state, 'data-fenced': String(n.fenced) },
      el('h3', {}, n.key.replace('-', ' ')), el('div', { class: 'role' }, n.roles + ' · ' + n.address), badges);
    if (s.owned) {
      for (const action of ['kill', 'pause', 'resume', 'restart']) {
        card.append(el('button', { 'data-action': action }, action));
      }
    }
    return card;
  });
  $('nodes').replaceChildren(...cards);
}

function replicaCell(p) {
  const cell = el('td', {});
  for (const r of p.replicas) {
    const end = p.logEnd[r];
    const inIsr = p.isr.includes(r);
    const behind = end !== undefined && p.highWatermark >= 0 && end < p.highWatermark;
    const cls = 'replica' + (inIsr ? '' : ' out') + (behind ? ' behind' : '');
    cell.append(el('span', { class: cls, 'data-replica': r }, r + ': ' + (end === undefined ? '-' : end)));
  }
  return cell;
}

function renderPartitions(s) {
  const rows = s.partitions.map((p) => {
    const cls = (p.leader < 0 ? 'noleader ' : '') + (p.isr.length < p.replicas.length ? 'shrunk' : '');
    return el('tr', { class: cls, 'data-partition': p.topic + '-' + p.partition, 'data-leader': p.leader,
      'data-isr': p.isr.join(',') },
    el('td', {}, p.topic + '-' + p.partition), el('td', {}, p.leader < 0 ? 'none' : p.leader),
    el('td', { class: 'num' }, p.leaderEpoch < 0 ? '-' : p.leaderEpoch), el('td', {}, p.replicas.join(', ')),
    el('td', {}, p.isr.join(', ')), el('td', {}, p.elr.join(', ')),
    el('td', { class: 'num' }, p.highWatermark < 0 ? '-' : p.highWatermark), replicaCell(p));
  });
  $('partitions').replaceChildren(...rows);
  $('partitions-note').textContent = s.partitions.length === 0 ? 'No topics yet: start the traffic, or run a lesson.'
    : (s.owned ? '' : 'Log end per replica is read from the brokers themselves, so only on the sandbox\'s own cluster.');
}

function renderGroups(s) {
  $('groups').replaceChildren(...s.groups.map((g) => el('tr', { 'data-group': g.id },
    el('td', {}, g.id), el('td', {}, g.state + ' (' + g.protocol + ')'), el('td', { class: 'num' }, g.epoch < 0 ? '-' : g.epoch),
    el('td', {}, g.members.map((m) => m.clientId + ': ' + (m.partitions.join(', ') || 'nothing')).join(' · ') || 'no members'),
    el('td', { class: 'num' }, g.lag))));
}

function renderTraffic(s) {
  const t = s.traffic;
  const parts = [el('span', {}, 'readable (high watermarks) +' + s.rates.produced.toFixed(0) + ' records/s'),
    el('span', {}, 'committed by groups +' + s.rates.consumed.toFixed(0) + ' records/s')];
  if (t.available) {
    parts.push(el('span', {}, 'generator: ' + (t.running ? 'running' : 'stopped') + ', ' + t.acknowledged + ' acknowledged, '
      + t.failed + ' failed, ' + t.consumed + ' read'));
    parts.push(el('button', { 'data-traffic': t.running ? 'stop' : 'start' }, t.running ? 'stop traffic' : 'start traffic'));
  }
  $('traffic').replaceChildren(...parts);
}

function render(s) {
  $('cluster').textContent = 'Kafka at ' + s.bootstrap + ' · ' + (s.owned
    ? 'the sandbox\'s own cluster: the buttons act on it' : 'not the sandbox\'s cluster: read-only') + ' · read at ' + time(s.millis);
  $('problems').hidden = s.problems.length === 0;
  $('problems').textContent = s.problems.join(' · ');
  renderNodes(s);
  renderTraffic(s);
  renderPartitions(s);
  renderGroups(s);
  $('timeline').replaceChildren(...s.events.slice().reverse().map((e) => el('li', { 'data-kind': e.kind },
    el('span', { class: 'time' }, time(e.millis)), e.text)));
}

document.addEventListener('click', (e) => {
  const b = e.target;
  if (b.dataset.action) post('/api/nodes/' + b.closest('.node').dataset.node + '/' + b.dataset.action);
  if (b.dataset.traffic) post('/api/traffic/' + b.dataset.traffic);
});

const stream = new EventSource('/api/events');
stream.onmessage = (e) => render(JSON.parse(e.data));
stream.onerror = () => {
  $('problems').hidden = false;
  $('problems').textContent = 'The view is not answering: the cluster command or lesson may have ended.';
};
