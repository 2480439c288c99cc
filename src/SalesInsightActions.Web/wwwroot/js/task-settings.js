// Salesforce Task settings: refresh the subject preview as the admin types (the server renders it, so it matches the Tasks).
(() => {
  const form = document.getElementById('task-settings');
  if (!form) {
    return;
  }

  const call = document.getElementById('call-template');
  const email = document.getElementById('email-template');
  let timer = 0;
  let controller = null;

  const refresh = async () => {
    controller?.abort();
    controller = new AbortController();
    const url = new URL(form.dataset.previewUrl, window.location.href);
    url.searchParams.set('callSubjectTemplate', call.value);
    url.searchParams.set('emailSubjectTemplate', email.value);
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: 'application/json' } });
      if (!response.ok) {
        return;
      }

      for (const preview of await response.json()) {
        const cell = document.querySelector(`[data-preview-kind="${preview.kind}"]`);
        if (cell) {
          cell.textContent = preview.subject;
        }
      }
    } catch (e) {
      if (e.name !== 'AbortError') {
        throw e;
      }
    }
  };

  for (const input of [call, email]) {
    input.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 250);
    });
  }
})();
