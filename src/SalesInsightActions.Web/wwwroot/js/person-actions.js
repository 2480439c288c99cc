// A person's page (the CSP forbids inline script): the template picker of Send email fills the subject and message
// with the template's text (placeholders are filled in by the server when sending), and the Add to / Remove from
// Sales Campaign confirmation dialogs open and close. Add asks only once a campaign is chosen, naming it.
(() => {
  const picker = document.querySelector('[data-template-picker]');
  if (picker) {
    picker.addEventListener('change', () => {
      const option = picker.selectedOptions[0];
      if (!option || !option.value) {
        return;
      }
      const subject = document.getElementById('email-subject');
      const body = document.getElementById('email-body');
      if (subject) {
        subject.value = option.dataset.subject || '';
      }
      if (body) {
        body.value = option.dataset.body || '';
      }
    });
  }

  document.addEventListener('click', (event) => {
    const opener = event.target.closest('[data-dialog-open]');
    if (opener) {
      // An opener inside a form (Add to Sales Campaign) confirms only what the form would accept.
      if (opener.form && !opener.form.reportValidity()) {
        return;
      }
      const dialog = document.getElementById(opener.dataset.dialogOpen);
      const title = dialog?.querySelector('[data-confirm-title-of]');
      const choice = title && document.getElementById(title.dataset.confirmTitleOf)?.selectedOptions?.[0];
      if (choice?.dataset.confirmTitle) {
        title.textContent = choice.dataset.confirmTitle;
      }
      dialog?.showModal?.();
      return;
    }
    const closer = event.target.closest('[data-dialog-close]');
    if (closer) {
      closer.closest('dialog')?.close();
    }
  });
})();
