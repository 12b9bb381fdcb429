/**
 * The rating page's progressive-enhancement script: one constant string (so one CSP hash covers every page; page
 * text comes from data attributes, never from the script). Written in ES2017 without modules or frameworks for the
 * WeChat in-app browser. It:
 *  - marks the filled stars for browsers without `:has()`;
 *  - shows live character counters on text questions;
 *  - validates required questions on submit (the same localised message as the server), focusing the first one;
 *  - disables the submit button after the first submit (the server deduplicates anyway);
 *  - reloads a page restored from the back/forward cache (`pageshow` with `persisted`), so a filled form that was
 *    already sent is never shown again;
 *  - in preview (`form[data-preview]`) never submits, and on every change dispatches `rateloop:answers` on window
 *    (detail `{ answers }`) and posts `{ type: 'rateloop:answers', answers }` to the parent frame.
 * The answers are parsed exactly like `parseFormAnswers` does for a well-formed form.
 * Browser-safe: no imports.
 */
export const PAGE_JS: string = `(function () {
  'use strict';
  var f = document.querySelector('form.rf');
  if (!f) return;
  var preview = f.hasAttribute('data-preview');
  var msg = f.getAttribute('data-msg-required') || '';
  var tpl = f.getAttribute('data-msg-counter') || '{n} / {max}';
  var sent = false;
  var qs = [].slice.call(f.querySelectorAll('fieldset.q'));
  f.noValidate = true;

  function inputs(q) { return [].slice.call(q.querySelectorAll('input,textarea')); }
  function stars(q) {
    var ls = [].slice.call(q.querySelectorAll('.stars label')), on = -1;
    ls.forEach(function (l, i) { var c = document.getElementById(l.htmlFor); if (c && c.checked) on = i; });
    ls.forEach(function (l, i) { l.classList.toggle('fill', i <= on); });
  }
  function answered(q) {
    return inputs(q).some(function (el) {
      return el.tagName === 'TEXTAREA' ? el.value.trim() !== '' : el.checked;
    });
  }
  function setError(q, text) {
    var e = q.querySelector('.err'), d = q.querySelector('textarea') || q;
    var ids = (d.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (!e) return;
    ids = ids.filter(function (id) { return id !== e.id; });
    if (text) { e.textContent = text; e.setAttribute('role', 'alert'); ids.unshift(e.id); q.classList.add('has-err'); }
    else { e.textContent = ''; e.removeAttribute('role'); q.classList.remove('has-err'); }
    if (ids.length) d.setAttribute('aria-describedby', ids.join(' ')); else d.removeAttribute('aria-describedby');
    inputs(q).forEach(function (el) { if (text) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid'); });
  }
  function count(ta) {
    var c = document.getElementById(ta.id + '-c'), h = document.getElementById(ta.id + '-m');
    if (!c) return;
    c.textContent = tpl.replace('{n}', String(ta.value.length)).replace('{max}', ta.getAttribute('maxlength') || '');
    c.hidden = false;
    if (h) h.hidden = true;
  }
  function answers() {
    var a = {};
    qs.forEach(function (q) {
      var k = q.getAttribute('data-key'), t = q.getAttribute('data-type');
      var on = [].slice.call(q.querySelectorAll('input:checked')).map(function (el) { return el.value; });
      if (t === 'text') { var ta = q.querySelector('textarea'); if (ta && ta.value.trim() !== '') a[k] = ta.value; }
      else if (t === 'multi_choice') { if (on.length) a[k] = on; }
      else if (on.length) {
        var v = on[0];
        a[k] = t === 'yes_no' ? v === 'yes' : t === 'single_choice' ? v : parseInt(v, 10);
      }
    });
    return a;
  }
  function publish() {
    if (!preview) return;
    var a = answers();
    try { window.dispatchEvent(new CustomEvent('rateloop:answers', { detail: { answers: a } })); } catch (e) {}
    try { if (window.parent && window.parent !== window) window.parent.postMessage({ type: 'rateloop:answers', answers: a }, '*'); } catch (e) {}
  }
  function onChange(ev) {
    var q = ev.target && ev.target.closest ? ev.target.closest('fieldset.q') : null;
    if (!q) return;
    if (q.querySelector('.stars')) stars(q);
    if (ev.target.tagName === 'TEXTAREA') count(ev.target);
    if (q.classList.contains('has-err') && answered(q)) setError(q, '');
    publish();
  }
  f.addEventListener('change', onChange);
  f.addEventListener('input', function (ev) { if (ev.target && ev.target.tagName === 'TEXTAREA') onChange(ev); });
  f.addEventListener('submit', function (ev) {
    var first = null;
    qs.forEach(function (q) {
      if (q.hasAttribute('data-required') && !answered(q)) { setError(q, msg); if (!first) first = q; }
    });
    if (first || sent || preview) ev.preventDefault();
    if (first) {
      var el = first.querySelector('input,textarea');
      if (el) el.focus();
      if (first.scrollIntoView) first.scrollIntoView({ block: 'center' });
      return;
    }
    if (preview || sent) return;
    sent = true;
    var b = f.querySelector('button[type=submit]');
    if (b) setTimeout(function () { b.disabled = true; b.textContent = b.getAttribute('data-busy') || b.textContent; }, 0);
  });
  window.addEventListener('pageshow', function (ev) {
    // Restored from the back/forward cache (e.g. Back after submitting): ask the server again, which answers
    // "already rated" instead of handing back a filled form that could post a second rating.
    if (ev.persisted && !preview) location.reload();
  });
  qs.forEach(function (q) { if (q.querySelector('.stars')) stars(q); });
  [].slice.call(f.querySelectorAll('textarea')).forEach(count);
  publish();
})();
`;
