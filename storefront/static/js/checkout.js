// Checkout: when the province changes, show its shipping fees and total at once.
// Without JavaScript the server re-checks the total and asks the buyer to confirm it.
(function () {
  "use strict";

  var form = document.querySelector("form[data-checkout]");
  if (!form) {
    return;
  }
  var province = form.querySelector("select[name=province_code]");
  var expected = form.querySelector("[data-expected-total]");
  var summary = document.querySelector("[data-shipping-summary]");

  function update() {
    if (!province.value) {
      return;
    }
    var url = form.dataset.shippingUrl + "?province=" + encodeURIComponent(province.value);
    fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) {
          return;
        }
        data.parcels.forEach(function (parcel) {
          var cell = summary.querySelector("[data-parcel-shipping='" + parcel.producer_id + "']");
          if (cell) {
            cell.textContent = parcel.shipping;
          }
        });
        summary.querySelector("[data-shipping-total]").textContent = data.shipping;
        summary.querySelector("[data-grand-total]").textContent = data.total;
        expected.value = String(data.total_vnd);
      })
      .catch(function () { /* the server checks the total anyway */ });
  }

  province.addEventListener("change", update);
})();
