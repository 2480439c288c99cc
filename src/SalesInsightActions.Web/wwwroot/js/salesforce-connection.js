// Salesforce settings: confirmation dialogs (Connect → OK, Disconnect, Revoke) and the hand-off link's copy button.
document.addEventListener('click', (event) => {
  const opener = event.target.closest('[data-dialog-open]');
  if (opener) {
    const dialog = document.getElementById(opener.dataset.dialogOpen);
    if (dialog && typeof dialog.showModal === 'function') {
      dialog.showModal();
    }
    return;
  }
  const closer = event.target.closest('[data-dialog-close]');
  if (closer) {
    closer.closest('dialog')?.close();
    return;
  }
  const copy = event.target.closest('[data-copy-target]');
  if (copy) {
    const input = document.getElementById(copy.dataset.copyTarget);
    if (!input) {
      return;
    }
    input.select();
    const done = () => { copy.textContent = copy.dataset.copiedText || copy.textContent; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(done, () => { document.execCommand('copy'); done(); });
    } else {
      document.execCommand('copy');
      done();
    }
  }
});
