// The connection form's page script: fills the form from the extension's `init` message, checks
// the required fields and the port before posting, hints whether Extra is JSON as it is typed, posts the fields on Save and shows the problems
// the extension sends back beside their fields. It keeps no state of its own (no setState): what
// was typed lives only in the form while it is open.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const FIELDS = ['connectionId', 'connType', 'host', 'schema', 'login', 'password', 'port', 'extra'];
  const el = {};
  for (const id of FIELDS) el[id] = document.getElementById(id);
  const form = document.getElementById('form');
  const save = document.getElementById('save');
  const errorsBox = document.getElementById('errors');
  const where = document.getElementById('where');
  const extraHint = document.getElementById('extra-hint');
  let namePrefix;

  function clearErrors() {
    errorsBox.hidden = true;
    errorsBox.textContent = '';
    for (const id of FIELDS) {
      el[id].removeAttribute('aria-invalid');
      document.getElementById(id + '-error').textContent = '';
    }
  }

  function showErrors(errors) {
    clearErrors();
    const general = [];
    let first;
    for (const e of errors) {
      const input = e.field && el[e.field];
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        const box = document.getElementById(e.field + '-error');
        box.textContent = box.textContent ? box.textContent + ' ' + e.message : e.message;
        if (e.field === 'extra') extraHint.textContent = '';
        first = first || input;
      } else {
        general.push(e.message);
      }
    }
    if (general.length) {
      const list = document.createElement('ul');
      for (const m of general) {
        const li = document.createElement('li');
        li.textContent = m;
        list.appendChild(li);
      }
      errorsBox.appendChild(list);
      errorsBox.hidden = false;
    }
    save.disabled = false;
    save.textContent = 'Save';
    (first || save).focus();
  }

  function preview() {
    if (namePrefix === undefined) return;
    const id = el.connectionId.value.trim();
    where.textContent = 'Saved as the Secrets Manager secret ' + namePrefix + (id || '<connection id>');
  }

  // A hint only, as it is typed: Save sends Extra to the extension, which says where the JSON
  // breaks (the browser's own message would repeat what was typed, which may be a secret).
  function checkExtra() {
    const text = el.extra.value;
    if (!text.trim()) {
      extraHint.textContent = '';
      return;
    }
    let ok = false;
    try {
      const v = JSON.parse(text);
      ok = v !== null && typeof v === 'object' && !Array.isArray(v);
    } catch {
      ok = false;
    }
    extraHint.textContent = ok ? 'A valid JSON object' : 'Not a valid JSON object yet';
  }

  function localErrors() {
    const errors = [];
    if (!el.connectionId.value.trim()) errors.push({ field: 'connectionId', message: 'Connection id is required.' });
    if (!el.connType.value.trim()) errors.push({ field: 'connType', message: 'Connection type is required.' });
    const port = el.port.value.trim();
    if (port && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) errors.push({ field: 'port', message: 'Port must be a whole number from 1 to 65535.' });
    return errors;
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'init') {
      const spec = m.spec || {};
      const f = spec.fields || {};
      if (spec.connectionId) el.connectionId.value = spec.connectionId;
      el.connType.value = f.connType || '';
      el.host.value = f.host || '';
      el.schema.value = f.schema || '';
      el.login.value = f.login || '';
      el.port.value = f.port === undefined || f.port === null ? '' : String(f.port);
      el.extra.value = f.extra && Object.keys(f.extra).length ? JSON.stringify(f.extra, null, 2) : '';
      el.password.placeholder = spec.hasPassword ? 'Unchanged: leave empty to keep the current password' : '';
      namePrefix = typeof spec.namePrefix === 'string' ? spec.namePrefix : undefined;
      preview();
      checkExtra();
      (spec.connectionId ? el.connType : el.connectionId).focus();
    } else if (m.type === 'errors') {
      showErrors(Array.isArray(m.errors) ? m.errors : []);
    } else if (m.type === 'saving') {
      save.disabled = true;
      save.textContent = 'Saving…';
    }
  });

  el.connectionId.addEventListener('input', preview);
  el.extra.addEventListener('input', checkExtra);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const errors = localErrors();
    if (errors.length) {
      showErrors(errors);
      return;
    }
    clearErrors();
    const message = { type: 'save' };
    for (const id of FIELDS) message[id] = el[id].value;
    vscode.postMessage(message);
  });

  document.getElementById('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  vscode.postMessage({ type: 'ready' });
})();
