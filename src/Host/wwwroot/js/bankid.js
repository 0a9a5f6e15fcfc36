// A running BankID order: renews the QR code every second, asks the server for the order's state about every two
// seconds and shows BankID's message, and finishes the step by itself (the same button a person can press) once the
// order is complete or has failed. Without this script the page still works: the button collects.
(function () {
    'use strict';
    var panel = document.querySelector('[data-bankid-status]');
    if (!panel) {
        return;
    }
    var statusUrl = panel.getAttribute('data-bankid-status');
    var form = document.getElementById('bankid-form');
    var message = document.getElementById('bankid-message');
    var qr = document.getElementById('bankid-qr');
    var autostart = document.getElementById('bankid-autostart');
    var collect = document.getElementById('bankid-collect');
    var autoStarted = false;
    var finished = false;
    var frame = 0;

    if (autostart) {
        autostart.addEventListener('click', function () { autoStarted = true; });
    }
    form.addEventListener('submit', function () { finished = true; });

    function finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (form.requestSubmit) {
            form.requestSubmit(collect);
        } else {
            collect.click();
        }
    }

    if (qr) {
        var base = qr.getAttribute('data-src');
        window.setInterval(function () {
            if (!finished) {
                frame += 1;
                qr.src = base + '?frame=' + frame;
            }
        }, 1000);
    }

    function poll() {
        if (finished) {
            return;
        }
        window.fetch(statusUrl + (autoStarted ? '?device=this' : ''), { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (state) {
                if (!state) {
                    return;
                }
                if (message.textContent !== state.message) {
                    message.textContent = state.message;
                }
                if (state.status !== 'pending') {
                    finish();
                }
            })
            .catch(function () { /* a lost answer: the next poll asks again */ })
            .then(function () {
                if (!finished) {
                    window.setTimeout(poll, 2000);
                }
            });
    }

    window.setTimeout(poll, 2000);
}());
