// The activity screen: poll the state every 3 s, swap the QR code, count down, list the latest.
// Names are people's input: they go into the page with textContent only, never as HTML.
(function () {
  'use strict';
  var root = document.getElementById('checkin-screen');
  if (!root) { return; }
  var POLL_MS = 3000;
  var url = root.getAttribute('data-state-url');
  var qr = root.querySelector('[data-qr]');
  var message = root.querySelector('[data-message]');
  var countdownLine = root.querySelector('[data-countdown-line]');
  var countdown = root.querySelector('[data-countdown]');
  var offline = root.querySelector('[data-offline]');
  var latest = root.querySelector('[data-latest]');
  var secondsLeft = parseInt(countdown.textContent, 10) || 0;
  var timer = null;

  function event(item) {
    var li = document.createElement('li');
    li.className = 'screen-event screen-event-' + (item.kind === 'sign_out' ? 'sign_out' : 'sign_in');
    [['screen-event-time', item.time], ['screen-event-name', item.name],
     ['screen-event-action', item.action]].forEach(function (part) {
      var span = document.createElement('span');
      span.className = part[0];
      span.textContent = part[1];
      li.appendChild(span);
    });
    return li;
  }

  function show(state) {
    root.setAttribute('data-phase', state.phase);
    message.textContent = state.message;
    if (state.qr) {
      if (qr.getAttribute('src') !== state.qr) { qr.setAttribute('src', state.qr); }
      qr.hidden = false;
      countdownLine.hidden = false;
    } else {
      qr.hidden = true;
      qr.removeAttribute('src');
      countdownLine.hidden = true;
    }
    secondsLeft = state.seconds_left;
    countdown.textContent = String(secondsLeft);
    Object.keys(state.counts).forEach(function (key) {
      var cell = root.querySelector('[data-count="' + key + '"]');
      if (cell) { cell.textContent = String(state.counts[key]); }
    });
    while (latest.firstChild) { latest.removeChild(latest.firstChild); }
    if (state.latest.length === 0) {
      var empty = document.createElement('li');
      empty.className = 'screen-event screen-event-empty';
      empty.textContent = latest.getAttribute('data-empty');
      latest.appendChild(empty);
    }
    state.latest.forEach(function (item) { latest.appendChild(event(item)); });
  }

  function poll() {
    clearTimeout(timer);
    var request = new XMLHttpRequest();
    request.open('GET', url, true);
    request.setRequestHeader('Accept', 'application/json');
    request.timeout = 5000;
    request.onload = function () {
      if (request.status === 200) {
        offline.hidden = true;
        try { show(JSON.parse(request.responseText)); } catch (e) { offline.hidden = false; }
      } else {
        offline.hidden = false;  // logged out or lost permission: the screen says so
      }
      timer = setTimeout(poll, POLL_MS);
    };
    request.onerror = request.ontimeout = function () {
      offline.hidden = false;
      timer = setTimeout(poll, POLL_MS);
    };
    request.send();
  }

  // Count down locally between polls; at zero fetch the next code at once.
  setInterval(function () {
    if (secondsLeft > 0) {
      secondsLeft -= 1;
      countdown.textContent = String(secondsLeft);
      if (secondsLeft === 0) { poll(); }
    }
  }, 1000);

  var fullscreen = root.querySelector('[data-fullscreen]');
  if (fullscreen && document.documentElement.requestFullscreen) {
    fullscreen.addEventListener('click', function () {
      document.documentElement.requestFullscreen().catch(function () {});
    });
  } else if (fullscreen) {
    fullscreen.hidden = true;
  }

  timer = setTimeout(poll, POLL_MS);
}());
