// Card page: mount Stripe's Payment Element and confirm the PaymentIntent.
// Stripe then sends the buyer back to the order page, which shows "processing" until
// Stripe's webhook tells the server the payment succeeded.
(function () {
  "use strict";

  var form = document.getElementById("card-form");
  if (!form) {
    return;
  }
  var button = form.querySelector("button[type=submit]");
  var errors = document.getElementById("card-errors");
  var slot = document.getElementById("payment-element");

  function showError(message) {
    errors.textContent = message;
    errors.hidden = false;
  }

  if (typeof window.Stripe !== "function") {
    // Stripe.js did not load (offline, blocked): say so rather than show a dead form.
    slot.hidden = true;
    button.hidden = true;
    showError(form.dataset.loadError);
    return;
  }

  var stripe = window.Stripe(form.dataset.publishableKey, {locale: form.dataset.locale});
  var elements = stripe.elements({clientSecret: form.dataset.clientSecret});
  var paymentElement = elements.create("payment");
  slot.textContent = "";
  paymentElement.mount(slot);
  paymentElement.on("ready", function () { button.disabled = false; });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    errors.hidden = true;
    stripe.confirmPayment({elements: elements, confirmParams: {return_url: form.dataset.returnUrl}})
      .then(function (result) {
        // Only reached when the payment could not even start (a declined card, a typo);
        // otherwise Stripe redirects to the return URL.
        if (result.error) {
          showError(result.error.message);
          button.disabled = false;
        }
      });
  });
})();
