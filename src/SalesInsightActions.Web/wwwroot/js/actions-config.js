// Actions Config: the Integration Information card's reveal button fetches the client secret on demand,
// so the secret is not in the page source while it is masked.
(function () {
    document.querySelectorAll('form.reveal-secret-form').forEach(function (form) {
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            var target = document.getElementById(form.dataset.target);
            fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
                .then(function (response) {
                    if (!response.ok) { throw new Error(String(response.status)); }
                    return response.json();
                })
                .then(function (body) {
                    target.textContent = body.secret;
                    form.hidden = true;
                })
                .catch(function () {
                    target.textContent = form.dataset.errorMessage;
                });
        });
    });
})();
