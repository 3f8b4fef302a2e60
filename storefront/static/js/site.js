// Progressive enhancement for the storefront. Every page works without this file.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // Forms marked data-autosubmit apply as soon as a control changes (their button hides).
  function enableAutosubmit() {
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      form.addEventListener("change", function () {
        form.submit();
      });
    });
  }

  // On phones the filter panel starts closed so the products come first.
  function collapseFiltersOnPhones() {
    if (!window.matchMedia("(max-width: 899px)").matches) {
      return;
    }
    document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (panel) {
      panel.open = false;
    });
  }

  // Gallery thumbnails swap the main image in place instead of opening the file.
  function enableGallery() {
    document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
      var main = gallery.querySelector("[data-gallery-main]");
      if (!main) {
        return;
      }
      var mainImage = main.querySelector("img");
      gallery.querySelectorAll("[data-gallery-thumb]").forEach(function (thumb) {
        thumb.addEventListener("click", function (event) {
          event.preventDefault();
          main.href = thumb.href;
          mainImage.removeAttribute("srcset"); // the first photo's sizes; this one has its own
          mainImage.src = thumb.href;
          mainImage.alt = thumb.dataset.alt || "";
          gallery.querySelectorAll("[data-gallery-thumb]").forEach(function (other) {
            other.removeAttribute("aria-current");
          });
          thumb.setAttribute("aria-current", "true");
        });
      });
    });
  }

  // Shared pages (kept by the server for every visitor without cookies) carry no CSRF
  // token; the first form sent asks for one and gives it to every form on the page.
  function withToken(form) {
    var field = form.querySelector("input[name=csrf_token]");
    if (!field || field.value) {
      return Promise.resolve();
    }
    return fetch(form.dataset.tokenUrl, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) {
        throw new Error("no token");
      }
      return response.json();
    }).then(function (data) {
      document.querySelectorAll("input[name=csrf_token]").forEach(function (other) {
        if (!other.value) {
          other.value = data.csrf_token;
        }
      });
    });
  }

  // Shared pages set no cookie, so the language switcher remembers the choice itself
  // (for the bare "/" address, which sends each visitor to their language).
  function rememberLanguageChoice() {
    document.querySelectorAll("a[data-language]").forEach(function (link) {
      link.addEventListener("click", function () {
        var secure = window.location.protocol === "https:" ? "; secure" : "";
        document.cookie = "lang=" + link.dataset.language +
          "; path=/; max-age=31536000; samesite=lax" + secure;
      });
    });
  }

  // "Add to cart" without leaving the page: the same form, sent with fetch; the server
  // answers JSON when asked for it. Any failure falls back to a normal submit.
  function enableAddToCart() {
    document.querySelectorAll("form[data-add-to-cart]").forEach(function (form) {
      var message = form.querySelector("[data-add-to-cart-message]");
      form.addEventListener("submit", function (event) {
        if (!window.fetch) {
          return;
        }
        event.preventDefault();
        var button = form.querySelector("button");
        button.disabled = true;
        withToken(form).then(function () {
          return fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            headers: {Accept: "application/json"},
            credentials: "same-origin"
          });
        }).then(function (response) {
          return response.json().then(function (data) {
            if (message) {
              message.textContent = data.message || "";
            }
            if (typeof data.quantity === "number") {
              document.querySelectorAll("[data-cart-count]").forEach(function (count) {
                count.textContent = String(data.quantity);
              });
            }
          });
        }).catch(function () {
          form.submit();
        }).then(function () {
          button.disabled = false;
        });
      });
    });
  }

  enableAutosubmit();
  collapseFiltersOnPhones();
  enableGallery();
  enableAddToCart();
  rememberLanguageChoice();
})();
