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

  enableAutosubmit();
  collapseFiltersOnPhones();
  enableGallery();
})();
