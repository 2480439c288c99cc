// Confirmation dialogs (the CSP forbids inline handlers): a button with data-dialog-open="id" opens <dialog id>, a
// button with data-dialog-close closes the dialog it is in. The dialog holds the form that does the destructive action.
document.addEventListener('click', (event) => {
  const opener = event.target.closest('[data-dialog-open]');
  if (opener) {
    document.getElementById(opener.dataset.dialogOpen)?.showModal?.();
    return;
  }
  const closer = event.target.closest('[data-dialog-close]');
  if (closer) {
    closer.closest('dialog')?.close();
  }
});
