// Order page waiting for its money (a card payment processing, or a bank transfer when a
// bank notifier is configured): ask the server every few seconds whether the payment has
// arrived, and show the updated page when it has. Without JavaScript the card panel offers
// a "Check again" link, and a reload shows a transfer's new state.
(function () {
  "use strict";

  var panel = document.querySelector("[data-wait-for-payment]");
  if (!panel) {
    return;
  }
  var url = panel.dataset.waitForPayment;
  var attempts = 0;

  function check() {
    attempts += 1;
    fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && (data.payment_status !== "unpaid" || data.cancelled)) {
          window.location.reload();
        } else if (attempts < 100) {  // about five minutes; then the link remains
          window.setTimeout(check, 3000);
        }
      })
      .catch(function () { window.setTimeout(check, 6000); });
  }

  window.setTimeout(check, 2000);
})();
