// Reply and bounce webhook settings: the Rotate confirmation dialog and the copy buttons.
document.addEventListener('click', (event) => {
  const opener = event.target.closest('[data-dialog-open]');
  if (opener) {
    document.getElementById(opener.dataset.dialogOpen)?.showModal?.();
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
      navigator.clipboard.writeText(input.value).then(done, done);
    } else {
      done();
    }
  }
});
